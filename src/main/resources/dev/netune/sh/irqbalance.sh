# shellcheck shell=sh
# netune's irqbalance apply functions.
# netune_irqbalance_step 'STEP' COMMAND...: runs one step, prints its marker and output.
netune_irqbalance_step() {
  s=$1; shift
  if out=$("$@" 2>&1); then echo "@@netune applied irqbalance $s ok"
  else echo "@@netune applied irqbalance $s failed"; fi
  printf '%s\n' "$out"
}
# netune_irqbalance_on 'UNIT': enables and (re)starts it.
netune_irqbalance_on() { systemctl enable "$1" && systemctl restart "$1"; }
