package dev.netune.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("netune");
    }
}
