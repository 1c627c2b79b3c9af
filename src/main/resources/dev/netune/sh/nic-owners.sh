# shellcheck shell=sh
# netune's read of the other programs' NIC settings (NicOwners): NetworkManager connections, systemd
# .link files and tuned profiles, as '@@netune nic-owner nm|nm-unreadable|link|tuned-active|tuned'.
# Read-only, bounded (16 KiB a file, 64 files a directory), never failing. NetworkManager keyfiles
# hold secrets, so only the lines that matter pass the awk filter.

# netune_nic_owners_nm 'DIR'...
netune_nic_owners_nm() {
  (
  LC_ALL=C; export LC_ALL
  for nt_d in "$@"; do
    nt_n=0
    for nt_f in "$nt_d"/*.nmconnection; do
      [ -e "$nt_f" ] || continue
      nt_n=$((nt_n + 1)); [ "$nt_n" -gt 64 ] && break
      if [ -r "$nt_f" ]; then
        printf '@@netune nic-owner nm\npath=%s\n' "$nt_f"
        awk '/^\[/{s=$0; if (s=="[connection]"||s=="[ethernet]"||s=="[802-3-ethernet]"||s=="[match]"||s=="[ethtool]") print; next} s=="[connection]" && /^(id|interface-name|type)=/ {print; next} (s=="[ethernet]"||s=="[802-3-ethernet]") && /^(mac-address|mtu)=/ {print; next} s=="[match]" && /^(interface-name|driver|path)=/ {print; next} s=="[ethtool]" && /^[a-z0-9-]+=/ {print}' "$nt_f" 2>/dev/null | head -c 16384
      else printf '@@netune nic-owner nm-unreadable\npath=%s\n' "$nt_f"; fi
    done
  done
  true
  ) || true
}

# netune_nic_owners_link 'DIR'...: a symlink to /dev/null or an empty file masks the file of that name in later directories.
netune_nic_owners_link() {
  (
  LC_ALL=C; export LC_ALL
  for nt_d in "$@"; do
    nt_n=0
    for nt_f in "$nt_d"/*.link; do
      [ -e "$nt_f" ] || [ -L "$nt_f" ] || continue
      nt_n=$((nt_n + 1)); [ "$nt_n" -gt 64 ] && break
      printf '@@netune nic-owner link\npath=%s\n' "$nt_f"
      if [ ! -s "$nt_f" ]; then echo masked=1; else head -c 16384 "$nt_f" 2>/dev/null; echo; fi
    done
  done
  true
  ) || true
}

# netune_nic_owners_tuned 'DIR'...: the active profile and its include= chain, breadth first, at most 8 rounds and 16 profiles.
netune_nic_owners_tuned() {
  (
  LC_ALL=C; export LC_ALL
  if [ -r /etc/tuned/active_profile ]; then
    printf '@@netune nic-owner tuned-active\n'; head -c 1024 /etc/tuned/active_profile; echo
    nt_q=$(head -c 1024 /etc/tuned/active_profile); nt_seen=' '; nt_i=0
    while [ -n "$nt_q" ] && [ "$nt_i" -lt 8 ]; do
      nt_i=$((nt_i + 1)); nt_next=
      for nt_p in $(printf '%s' "$nt_q" | tr ',' ' '); do
        case "$nt_p" in *[!A-Za-z0-9._-]*|.*|'') continue;; esac
        case "$nt_seen" in *" $nt_p "*) continue;; esac
        nt_seen="$nt_seen$nt_p "
        [ "$(printf '%s' "$nt_seen" | wc -w)" -gt 16 ] && break
        for nt_d in "$@"; do
          nt_f="$nt_d/$nt_p/tuned.conf"
          if [ -r "$nt_f" ]; then
            printf '@@netune nic-owner tuned\nprofile=%s\npath=%s\n' "$nt_p" "$nt_f"
            head -c 16384 "$nt_f"; echo
            nt_next="$nt_next $(sed -n 's/^[[:space:]]*include[[:space:]]*=[[:space:]]*//p' "$nt_f" | head -n 4 | tr '\n' ' ')"
            break
          fi
        done
      done
      nt_q=$nt_next
    done
  fi
  true
  ) || true
}
