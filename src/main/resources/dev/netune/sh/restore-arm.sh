# shellcheck shell=sh
# netune's arming of the automatic restore, in a confirmed apply before any change (engine/AutoRestore).
# netune_restore_arm 'DIR' 'ID' 'SCRIPT' 'SECONDS' 'KEEP-DAYS' 'UNIT': writes SCRIPT to DIR/ID.sh
# (claims and logs older than KEEP-DAYS go) and arms its timer; prints '@@netune armed ID ok', or
# '... failed' and the error and ends the script: nothing changed yet.
netune_restore_arm() {
  if err=$( { mkdir -p "$1" && chmod 0700 "$1" && find "$1" -mindepth 1 -maxdepth 1 -mtime "+$5" -exec rm -rf {} + \
      && printf '%s' "$3" > "$1/$2.sh" && netune_restore_start "$6" "$4" "$1/$2.sh"; } 2>&1 ); then
    printf '@@netune armed %s ok\n' "$2"
  else printf '@@netune armed %s failed\n' "$2"; printf '%s\n' "$err"; exit 0; fi
}
