#!/usr/bin/env bash
# Generates about 16 weeks of escalation history (August to mid-November 2026) for the
# fictional company of sample-repo/README.md, Northwind Cloud, by driving the real esc binary
# in a throw-away git repository, then copies the ticket files into sample-repo/tickets/.
#
#   test-data/generate-sample-history.sh [--force] [--keep] [--no-copy]
#
# See test-data/README.md. Needs bash 4+, git, coreutils, awk and an esc binary
# ($ESC, or target/release/esc: build it with `cargo build --release`).

set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'USAGE'
usage: test-data/generate-sample-history.sh [--force] [--keep] [--no-copy]

Plays out Northwind Cloud's escalation history from 2026-08-03 to 2026-11-19 with the esc
binary in a temporary git repository and copies the ticket files into
sample-repo/tickets/2026/{08,09,10,11}/.

  --force    replace the tickets written by an earlier run (only the files listed in
             test-data/generated-tickets.txt are ever deleted)
  --keep     keep the temporary repository and print where it is (to try `esc log` on it)
  --no-copy  generate and check only; leave sample-repo untouched (implies --keep)

The esc binary is $ESC, or target/release/esc.
USAGE
}

force=0 keep=0 copy=1
for arg in "$@"; do
    case $arg in
        --force) force=1 ;;
        --keep) keep=1 ;;
        --no-copy) copy=0 keep=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

die() { echo "error: $*" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SAMPLE=$ROOT/sample-repo
MANIFEST=$ROOT/test-data/generated-tickets.txt
ESC=${ESC:-$ROOT/target/release/esc}
case $ESC in /*) ;; */*) ESC=$PWD/$ESC ;; *) ESC=$(command -v "$ESC" || echo "$ESC") ;; esac
[[ -x $ESC ]] || die "no esc binary at $ESC: run 'cargo build --release' or set ESC=/path/to/esc"
[[ -f $SAMPLE/.esc/config.yaml ]] || die "no sample-repo/.esc/config.yaml under $ROOT"
command -v git >/dev/null || die "git is not installed"

# Paths this script may write or delete: generated tickets under sample-repo/tickets/.
MANIFEST_LINE='^sample-repo/(tickets/2026/(08|09|10|11)|reviews)/ESC-[0-9A-HJKMNP-TV-Z]{8}\.md$'
NEW_MONTHS=(08 09 10)

# --- safety checks before anything is written -------------------------------------------

previous=()
if [[ -f $MANIFEST ]]; then
    while IFS= read -r line; do
        [[ -z $line || $line == \#* ]] && continue
        [[ $line =~ $MANIFEST_LINE ]] || die "unexpected line in ${MANIFEST#"$ROOT"/}: $line"
        previous+=("$line")
    done <"$MANIFEST"
fi

on_manifest() {
    local p
    for p in "${previous[@]}"; do [[ $p == "$1" ]] && return 0; done
    return 1
}

if (( copy )); then
    existing=0
    for p in "${previous[@]}"; do [[ -e $ROOT/$p ]] && existing=$((existing + 1)); done
    if (( existing > 0 && ! force )); then
        die "sample-repo already holds $existing generated tickets (listed in test-data/generated-tickets.txt); rerun with --force to replace them"
    fi
    for m in "${NEW_MONTHS[@]}"; do
        for f in "$SAMPLE/tickets/2026/$m"/*.md; do
            [[ -e $f ]] || continue
            on_manifest "${f#"$ROOT"/}" && continue
            die "${f#"$ROOT"/} is not on test-data/generated-tickets.txt, so it was not written by this script; move it away first"
        done
    done
fi

# The hand-written tickets each start with a different character so that one-letter prefixes
# (`esc show y`) find them; generated ids avoid those first characters.
RESERVED=
for f in "$SAMPLE"/tickets/*/*/*.md; do
    [[ -e $f ]] || continue
    on_manifest "${f#"$ROOT"/}" && continue
    name=${f##*/}
    RESERVED+=${name:4:1}
done

# --- the temporary repository --------------------------------------------------------------

# Only the repository's own configuration: no global hooks, signing or templates.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE ESC_NOW

WORK=$(mktemp -d "${TMPDIR:-/tmp}/northwind-history.XXXXXX")
REPO=$WORK/repo
ERRLOG=$WORK/esc.stderr
cleanup() { if (( keep )); then echo "kept the generated repository: $REPO" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

git -c init.defaultBranch=main init -q "$REPO"
mkdir -p "$REPO/.esc"
cp "$SAMPLE/.esc/config.yaml" "$REPO/.esc/config.yaml"
[[ -f $SAMPLE/.gitattributes ]] && cp "$SAMPLE/.gitattributes" "$REPO/.gitattributes"
git -C "$REPO" add -A
GIT_AUTHOR_NAME="Dana Kovac" GIT_AUTHOR_EMAIL=dana@northwind.example \
GIT_COMMITTER_NAME="Dana Kovac" GIT_COMMITTER_EMAIL=dana@northwind.example \
GIT_AUTHOR_DATE=2026-08-03T06:00:00Z GIT_COMMITTER_DATE=2026-08-03T06:00:00Z \
    git -C "$REPO" commit -q -m "Escalation policy for Northwind Cloud"

# --- a seeded random number generator (same numbers on every bash version) -----------------

SEED=2026
rnd() { # LO HI -> R, uniform in [LO, HI]
    SEED=$(( (SEED * 1103515245 + 12345) % 2147483648 ))
    R=$(( $1 + (SEED / 65536) % ($2 - $1 + 1) ))
}

# --- time: epoch seconds, UTC; Amsterdam office hours -------------------------------------

days_from_civil() { # Y M D -> DAYS since 1970-01-01
    local y=$1 m=$((10#$2)) d=$((10#$3))
    (( m <= 2 )) && y=$((y - 1))
    local era=$(( y / 400 ))
    local yoe=$(( y - era * 400 ))
    local doy=$(( (153 * ((m + 9) % 12) + 2) / 5 + d - 1 ))
    local doe=$(( yoe * 365 + yoe / 4 - yoe / 100 + doy ))
    DAYS=$(( era * 146097 + doe - 719468 ))
}

civil_from_days() { # DAYS -> CY CM CD
    local z=$(( $1 + 719468 ))
    local era=$(( z / 146097 ))
    local doe=$(( z - era * 146097 ))
    local yoe=$(( (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 ))
    local doy=$(( doe - (365 * yoe + yoe / 4 - yoe / 100) ))
    local mp=$(( (5 * doy + 2) / 153 ))
    CD=$(( doy - (153 * mp + 2) / 5 + 1 ))
    CM=$(( mp < 10 ? mp + 3 : mp - 9 ))
    CY=$(( yoe + era * 400 + (CM <= 2 ? 1 : 0) ))
}

fmt_utc() { # T -> TS (RFC 3339)
    civil_from_days $(( $1 / 86400 ))
    local s=$(( $1 % 86400 ))
    printf -v TS '%04d-%02d-%02dT%02d:%02d:%02dZ' "$CY" "$CM" "$CD" $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
}

ams_offset() { # T -> OFF: Amsterdam's UTC offset in seconds (CEST from the last Sunday of March to the last Sunday of October, 01:00 UTC)
    civil_from_days $(( $1 / 86400 ))
    local y=$CY
    days_from_civil "$y" 3 31; local mar=$(( DAYS - (DAYS + 4) % 7 ))
    days_from_civil "$y" 10 31; local oct=$(( DAYS - (DAYS + 4) % 7 ))
    if (( $1 >= mar * 86400 + 3600 && $1 < oct * 86400 + 3600 )); then OFF=7200; else OFF=3600; fi
}

local_time() { # YYYY-MM-DD HH:MM (Amsterdam) -> NOW
    local date=$1 hm=$2
    days_from_civil "${date:0:4}" "${date:5:2}" "${date:8:2}"
    local loc=$(( DAYS * 86400 + 10#${hm:0:2} * 3600 + 10#${hm:3:2} * 60 ))
    ams_offset $(( loc - 3600 ))
    NOW=$(( loc - OFF ))
}

# Office hours, local time: Mon-Fri 08:30-12:30 and 13:30-17:30 (the "business" calendar).
B1=$((510 * 60)) E1=$((750 * 60)) B2=$((810 * 60)) E2=$((1050 * 60))

in_office() { # T -> status 0 when T is in office hours
    ams_offset "$1"
    local loc=$(( $1 + OFF )) day mod
    day=$(( loc / 86400 )) mod=$(( loc % 86400 ))
    (( (day + 4) % 7 != 0 && (day + 4) % 7 != 6 )) &&
        (( (mod >= B1 && mod < E1) || (mod >= B2 && mod < E2) ))
}

office_align() { # T -> ALIGNED: T, or the start of the next office period
    local t=$1 loc day mod wd
    while :; do
        ams_offset "$t"
        loc=$(( t + OFF )) ; day=$(( loc / 86400 )) ; mod=$(( loc % 86400 )) ; wd=$(( (day + 4) % 7 ))
        if (( wd == 0 || wd == 6 || mod >= E2 )); then t=$(( (day + 1) * 86400 + B1 - OFF ))
        elif (( mod < B1 )); then t=$(( day * 86400 + B1 - OFF ))
        elif (( mod >= E1 && mod < B2 )); then t=$(( day * 86400 + B2 - OFF ))
        else break
        fi
    done
    ALIGNED=$t
}

office_add() { # T MINUTES -> RESULT: T plus MINUTES of office time
    local t=$1 left=$(( $2 * 60 )) mod end
    while :; do
        office_align "$t"; t=$ALIGNED
        ams_offset "$t"; mod=$(( (t + OFF) % 86400 ))
        if (( mod < E1 )); then end=$E1; else end=$E2; fi
        if (( left <= end - mod )); then t=$(( t + left )); break; fi
        left=$(( left - (end - mod) )); t=$(( t + end - mod ))
    done
    RESULT=$t
}

# No generated ticket may be open at or after this instant (sample-repo/README.md documents
# the SLA table at 2026-11-24T10:15:00Z), so every action happens before it.
local_time 2026-11-20 01:00; CUTOFF=$NOW     # 2026-11-20T00:00:00Z

# --- people -----------------------------------------------------------------------------

declare -A AGENT=(
    [ana]="Ana Lima <ana@northwind.example>"
    [ben]="Ben Okafor <ben@northwind.example>"
    [chen]="Chen Wei <chen@northwind.example>"
    [dana]="Dana Kovac <dana@northwind.example>"
    [eli]="Eli Ramos <eli@northwind.example>"
)
declare -A CONTACT=(
    [priya]="Acme Retail|Priya Shah <priya.shah@acme-retail.example>"
    [jonas]="Acme Retail|Jonas Berg <jonas.berg@acme-retail.example>"
    [marco]="Globex Logistics|Marco Bianchi <marco.bianchi@globex.example>"
    [hana]="Globex Logistics|Hana Sato <hana.sato@globex.example>"
    [sam]="Initech|Sam Patel <sam.patel@initech.example>"
    [grace]="Initech|Grace Kim <grace.kim@initech.example>"
    [lena]="Umbrella Health|Lena Fischer <lena.fischer@umbrella-health.example>"
    [raj]="Umbrella Health|Raj Mehta <raj.mehta@umbrella-health.example>"
    [tom]="Stark Freight|Tom Reyes <tom.reyes@starkfreight.example>"
    [olga]="Stark Freight|Olga Novak <olga.novak@starkfreight.example>"
)

# --- driving esc ----------------------------------------------------------------------------

ID= FILE= NOW=0 CAL=office TITLE=

esc_as() { # WHO ARGS... -> OUT (esc's stdout), at NOW
    local who=${AGENT[$1]}; shift
    (( NOW < CUTOFF )) || { fmt_utc "$NOW"; die "'$TITLE': '$1' at $TS is not before 2026-11-20"; }
    fmt_utc "$NOW"
    local name=${who% <*} email=${who##*<}
    email=${email%>}
    OUT=$(GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email GIT_COMMITTER_NAME=$name \
          GIT_COMMITTER_EMAIL=$email ESC_NOW=$TS "$ESC" -C "$REPO" --no-hooks "$@" 2>"$ERRLOG") ||
        { cat "$ERRLOG" >&2; die "'$TITLE': esc $1 at $TS failed"; }
}

refresh_calendar() { # P1/P2 count around the clock, P3/P4 (and unclassified) in office hours
    local p
    p=$(awk '/^priority: /{ print $2; exit }' "$FILE")
    case $p in P1|P2) CAL=wall ;; *) CAL=office ;; esac
}

# open_ticket "YYYY-MM-DD HH:MM" WHO REPORTER TITLE [esc open options]
# The time is Amsterdam local time. REPORTER is a customer contact (CONTACT) or an agent.
open_ticket() {
    local when=$1 who=$2 rep=$3; TITLE=$4; shift 4
    local_time "${when% *}" "${when#* }"
    local args=(open "$TITLE")
    if [[ -n ${CONTACT[$rep]:-} ]]; then
        args+=(--customer "${CONTACT[$rep]%%|*}" --reporter "${CONTACT[$rep]#*|}")
    else
        args+=(--reporter "${AGENT[$rep]}")
    fi
    args+=("$@")
    local tries=0
    while :; do
        esc_as "$who" "${args[@]}"
        ID=$OUT
        [[ $ID =~ ^ESC-[0-9A-Z]{8}$ ]] || die "'$TITLE': esc open printed '$ID'"
        FILE=$(printf '%s\n' "$REPO"/tickets/*/*/"$ID".md)
        [[ -f $FILE ]] || die "'$TITLE': no file for $ID"
        [[ $RESERVED != *"${ID:4:1}"* ]] && break
        # The id's first character is one a hand-written ticket starts with: drop it, draw again.
        tries=$((tries + 1)); (( tries < 200 )) || die "could not draw a free id"
        git -C "$REPO" rm -q -- "${FILE#"$REPO"/}"
        fmt_utc "$NOW"
        GIT_AUTHOR_NAME=esc GIT_AUTHOR_EMAIL=esc@northwind.example GIT_COMMITTER_NAME=esc \
        GIT_COMMITTER_EMAIL=esc@northwind.example GIT_AUTHOR_DATE=$TS GIT_COMMITTER_DATE=$TS \
            git -C "$REPO" commit -q -m "Drop $ID: its first character is taken"
    done
    if in_office "$NOW"; then CAL=office; else CAL=wall; fi
    grep -q '^priority: ' "$FILE" && refresh_calendar
    return 0
}

advance() { # CALENDAR LO HI: move NOW on by a random number of minutes
    rnd "$2" "$3"
    if [[ $1 == office ]]; then office_add "$NOW" "$R"; NOW=$RESULT
    else NOW=$(( NOW + R * 60 )); fi
}

# act WHO LO HI COMMAND [ARGS]: after LO..HI minutes (office minutes for P3/P4), WHO runs
# `esc COMMAND ID ARGS`.
act()  { local who=$1 lo=$2 hi=$3 cmd=$4; shift 4; advance "$CAL" "$lo" "$hi"; esc_as "$who" "$cmd" "$ID" "$@"; }
# the same in office minutes, or wall-clock minutes, whatever the priority
acto() { local who=$1 lo=$2 hi=$3 cmd=$4; shift 4; advance office "$lo" "$hi"; esc_as "$who" "$cmd" "$ID" "$@"; }
actw() { local who=$1 lo=$2 hi=$3 cmd=$4; shift 4; advance wall "$lo" "$hi"; esc_as "$who" "$cmd" "$ID" "$@"; }
classify() { local who=$1 lo=$2 hi=$3; shift 3; act "$who" "$lo" "$hi" classify "$@"; refresh_calendar; }
triage() { local who=$1 lo=$2 hi=$3; shift 3; act "$who" "$lo" "$hi" triage "$@"; refresh_calendar; }

# confirm WHO [MESSAGE]: the requester confirms within a few office days; skipped if that
# would fall after the end of the generated period.
confirm() {
    local who=$1; shift
    rnd 45 1200
    office_add "$NOW" "$R"
    (( RESULT < CUTOFF )) || return 0
    NOW=$RESULT
    if (( $# )); then esc_as "$who" confirm "$ID" -m "$1"; else esc_as "$who" confirm "$ID"; fi
}

# fcr WHO CODE UPDATE RESOLUTION [ROOT_CAUSE]: first-contact resolution at L1. The first
# response is an ack, or (one time in three) straight away a public update, which acknowledges
# too. With CONFIRM=no the requester never confirms and the ticket stays resolved.
fcr() {
    local who=$1 code=$2 update=$3 resolution=$4 cause=${5:-}
    rnd 0 2
    if (( R == 0 )); then
        act "$who" 5 40 take
        act "$who" 5 40 update -m "$update"
    else
        act "$who" 5 50 ack
        act "$who" 1 3 take
        act "$who" 10 90 update -m "$update"
    fi
    if [[ -n $cause ]]; then
        act "$who" 5 60 resolve --resolution "$resolution" --root-cause "$cause" --code "$code"
    else
        act "$who" 5 60 resolve --resolution "$resolution" --code "$code"
    fi
    [[ ${CONFIRM:-yes} == no ]] || confirm "$who"
}

# =============================================================================================
# The history. Times are Amsterdam local time; gaps are minutes (office minutes for P3/P4).
# Comments note what each ticket is there to show.
# =============================================================================================

# --- August, week 32 ------------------------------------------------------------------------

open_ticket "2026-08-03 09:12" ben tom "Invoice PDF still shows the old company logo after rebranding" \
    --type customer --category billing --label pdf --label branding \
    --body "Stark Freight uploaded their new logo on Friday; invoices generated today still carry the old one."
classify ben 3 12 --severity sev4
fcr ben fixed \
    "The new logo is saved correctly; the PDF template still had the old image cached. We are regenerating it now." \
    "Cleared the cached PDF template for Stark Freight; new invoices and re-downloads show the new logo." \
    "Invoice PDF templates are cached per account for 7 days and a logo upload did not invalidate the cache."

open_ticket "2026-08-03 14:20" ana sam "Cannot add a second admin user: 'seat limit reached'" \
    --type customer --category other --label account --label seats
classify ana 2 10 --severity sev4
fcr ana no_fault \
    "Your plan includes 5 seats and all 5 are in use, two of them by deactivated users who still count." \
    "Explained that deactivated users keep their seat until deleted; Sam deleted two old users and added the admin." \
    "Deactivated users still hold a seat, as documented for the Business plan."

# Escalated to L2, which waits on the customer to fix their side.
open_ticket "2026-08-04 10:05" ana hana "Webhook deliveries to Globex fail with TLS handshake errors" \
    --type technical --category api --label webhooks --label tls \
    --body "Since Monday evening every delivery to https://hooks.globex.example/northwind fails: 'tls: handshake failure'."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We see the handshake failures on our side too and are checking what changed."
act ana 40 120 escalate --reason expertise -m "Our TLS client config did not change; needs someone who can read the handshake traces."
act chen 5 30 take
act chen 30 90 update --internal -m "openssl s_client shows Globex's endpoint serves only the leaf certificate; the intermediate is missing since their renewal on Monday."
act chen 5 20 wait --on customer -m "Asked Hana to install the full certificate chain (leaf + intermediate) on hooks.globex.example."
act chen 300 700 resume -m "Globex installed the intermediate certificate."
act chen 10 40 update -m "Deliveries succeed again. The 212 failed events are being redelivered automatically over the next hour."
act chen 30 90 resolve --code no_fault \
    --resolution "Globex installed the missing intermediate certificate; failed webhooks were redelivered." \
    --root-cause "The renewed certificate on Globex's webhook endpoint was served without its intermediate, which our strict TLS client rejects."
confirm ana

open_ticket "2026-08-04 15:10" ben jonas "Where do I find the invoice for our own Northwind subscription?" \
    --type customer --category billing --label how-to
classify ben 2 8 --severity sev4
fcr ben no_fault \
    "Your subscription invoices are under Settings > Plan & billing > Invoices, not in the invoice list." \
    "Pointed Jonas to Settings > Plan & billing > Invoices."

open_ticket "2026-08-05 11:30" ana jonas "SEPA direct debit mandates missing from customer records" \
    --type technical --category payments --label sepa --label mandates \
    --body "About 30 customers imported last week show 'No mandate', but the mandates were signed in the portal."
classify ana 3 15 --severity sev3
act ana 10 45 ack
act ana 1 3 take
act ana 15 60 update -m "We are checking the mandate records for the customers you imported last week."
act ana 30 90 escalate --reason complexity -m "Mandates exist in the payment provider but are not linked to the customer records; beyond what L1 can inspect."
act dana 5 40 take
act dana 60 180 update --internal -m "The import created new customer ids; the mandates are attached to the placeholder customers created at sign-up."
act dana 30 120 update -m "Found it: the mandates are linked to duplicate customer records made by the import. We will re-link them; no collections were missed."
act dana 60 180 resolve --code fixed \
    --resolution "Re-linked 31 mandates to the imported customer records and merged the duplicates." \
    --root-cause "The customer import created new records instead of matching existing ones by email, so mandates stayed on the old records."
confirm ana "Jonas confirmed all 31 customers show an active mandate."

open_ticket "2026-08-06 13:40" chen chen "Read access to the billing replica for the specialists team" \
    --type internal --category database --label access
classify chen 2 10 --severity sev4
act eli 30 120 ack
act eli 1 3 take
act eli 60 240 update -m "Creating a read-only role on the replica with row-level masking for card data."
act eli 60 240 resolve --code fixed --resolution "Created the support_readonly role on the billing replica and granted it to Chen Wei and Dana Kovac."
confirm eli

# L1 -> L2 -> L3 for a code fix that misses the P3 resolve target by a few hours.
open_ticket "2026-08-07 09:45" ben lena "DATEV export fails with 'invalid account number' for credit notes" \
    --type technical --category data-export --label datev --label export \
    --body "Invoices export fine; every credit note in the July export is rejected by DATEV."
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We can reproduce the rejection with your July export and are looking into it."
act ben 60 180 escalate --reason complexity -m "Credit notes get an empty contra account in the DATEV file; not a setting we can change."
act chen 10 60 take
act chen 120 300 update -m "Credit notes are written without the revenue account when the original invoice is from an earlier period. Handing to engineering for a fix."
act chen 10 40 escalate --reason expertise -m "Bug in the DATEV exporter for cross-period credit notes."
act eli 30 120 take
act eli 200 400 update -m "Fix is in review. As a workaround, export credit notes with the 'Use default revenue account' option."
act eli 300 450 update -m "The fix ships with the next release."
act eli 300 460 update -m "Released. Please re-run the July export; credit notes now carry the revenue account of the original invoice."
act eli 30 120 resolve --code fixed \
    --resolution "Fixed the DATEV exporter to take the revenue account from the original invoice for credit notes; July export re-run." \
    --root-cause "The exporter looked up the revenue account in the credit note's own period, where the original invoice line does not exist."
confirm ben "Lena confirmed DATEV accepted the re-run export."

# --- August, week 33 ------------------------------------------------------------------------

open_ticket "2026-08-10 08:50" ana marco "How do I change the payment terms on a recurring invoice?" \
    --type customer --category billing --label how-to --label recurring
classify ana 2 10 --severity sev4
fcr ana no_fault \
    "Payment terms are part of the recurring schedule: Invoices > Recurring > (schedule) > Edit terms. The change applies from the next run." \
    "Explained how to edit the terms of a recurring schedule."

# Worked around at L2, reopened three days later, fixed at L3.
open_ticket "2026-08-10 13:40" ben priya "Invoice list takes 8-10 seconds to load in the customer portal" \
    --type technical --category performance --label portal --label slow
classify ben 3 10 --severity sev3
act ben 10 60 ack
act ben 1 3 take
act ben 10 40 update -m "We see the slow page loads for your account and are investigating."
act ben 30 120 escalate --reason complexity -m "Slow for Acme only; needs query analysis."
act chen 10 40 take
act chen 60 200 update -m "The default 'All time' filter sorts 180,000 invoices. Setting your default view to the last 12 months brings it under a second; we are checking a permanent fix."
act chen 30 120 resolve --code workaround \
    --resolution "Set Acme's default invoice view to the last 12 months; loads in 0.8 s." \
    --root-cause "The 'All time' view sorts every invoice of the account on each load."
confirm ben
acto ben 900 1500 reopen --reason "Priya reports the page is slow again whenever her team searches by customer name, even with the 12-month view."
act chen 20 90 update -m "Thanks for reporting it. We see the slow customer-name searches and are looking at them now."
act chen 60 180 update --internal -m "Customer-name search does a sequential scan: no trigram index on customer_name for the invoices table."
act chen 10 40 escalate --reason expertise -m "Needs a schema change (trigram index on invoices.customer_name)."
act eli 30 120 take
act eli 120 300 update -m "We are adding a search index; the change is scheduled for tonight's maintenance window."
act eli 300 460 update -m "The index is in place. Searching by customer name now takes 0.3 s for your account."
act eli 10 40 resolve --code fixed \
    --resolution "Added a trigram index on invoices.customer_name; name searches dropped from 9 s to 0.3 s." \
    --root-cause "Customer-name search on invoices used a sequential scan; large accounts paid for it on every search."
confirm ben

# Incidents quote clock times in their messages, so their gaps are fixed (LO = HI).
open_ticket "2026-08-11 14:15" ana priya "Checkout API returns 502 for all merchants after today's deploy" \
    --type technical --category api --label checkout --label incident \
    --body "Acme's web shop cannot create payments: POST /v1/checkout/sessions returns 502 since about 12:05 UTC."
INCIDENT_CHECKOUT=$ID
triage ana 2 2 --answer outage=yes
actw ana 2 2 ack
actw ana 1 1 take
actw ana 5 5 update -m "We are aware that checkout sessions fail with 502 and are investigating with priority. Next update in 30 minutes."
actw ana 8 8 escalate --reason sla_risk -m "All merchants affected; started with the 12:00 UTC deploy."
actw chen 2 2 take
actw chen 7 7 escalate --hierarchical --reason customer_expectations -m "Every merchant's checkout is down; informing management."
actw chen 8 8 escalate --reason expertise -m "Checkout service pods crash-loop on start: needs the engineer on call to roll back."
actw eli 3 3 take
actw eli 12 12 update -m "The 12:00 UTC deploy is being rolled back. Next update in 30 minutes."
actw eli 19 19 update --internal -m "Rollback done at 13:22 UTC. The new build reads CHECKOUT_SIGNING_KEY, which was not set in production."
actw eli 6 6 update -m "Checkout works again since 13:22 UTC. Sessions that failed between 12:05 and 13:22 UTC can simply be retried; no payment was taken."
actw eli 40 40 resolve --code fixed \
    --resolution "Rolled back the checkout service to the previous release; added the missing secret before redeploying." \
    --root-cause "The new checkout build required a signing-key variable that was set in staging but not in production, so every pod crashed on start."
confirm ana "Priya confirmed orders are flowing normally."

# A second report during the outage, closed as a duplicate.
open_ticket "2026-08-11 14:24" ben tom "Payments on our web shop fail with 'Bad gateway'" \
    --type technical --category payments --label checkout
classify ben 2 2 --severity sev2
act ben 2 2 ack
act ben 1 1 take
act ben 3 3 update -m "This is part of an ongoing checkout incident affecting all merchants; we will update you as soon as it is fixed."
act ben 15 15 resolve --code duplicate \
    --resolution "Same incident as $INCIDENT_CHECKOUT (checkout 502 after the 12:00 UTC deploy); Stark Freight follows that ticket's updates." \
    --root-cause "See $INCIDENT_CHECKOUT."
confirm ben

open_ticket "2026-08-12 10:20" ana tom "VAT number validation rejects valid Norwegian organisation numbers" \
    --type technical --category billing --label vat --label validation \
    --body "Stark Freight cannot save customer NO 923 609 016 MVA: 'Invalid VAT number'."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced it: Norwegian numbers with the 'MVA' suffix are rejected. Looking into the validator."
act ana 60 120 escalate --reason complexity -m "The validator only knows VIES (EU) formats."
act dana 10 40 take
act dana 60 150 update -m "Norway is outside VIES, so our check fails. Engineering will add the Norwegian format; meanwhile you can save the customer without the 'MVA' suffix."
act dana 10 30 escalate --reason expertise -m "Needs a validator change for NO (and CH, GB) formats."
act eli 30 90 take
act eli 150 300 update -m "The fix is being tested, with the Swiss and British formats as well."
act eli 200 400 update -m "Released: Norwegian, Swiss and British VAT numbers are now accepted and checked against their own registers."
act eli 10 40 resolve --code fixed \
    --resolution "Added NO, CH and GB VAT number formats with checks against the national registers." \
    --root-cause "VAT numbers were validated only against the EU VIES formats."
confirm ana

open_ticket "2026-08-13 09:30" ben olga "Add Stark Freight's second billing entity (Stark Freight Nordic AB)" \
    --type customer --category billing --label account --label entities
classify ben 2 10 --severity sev4
act ben 20 90 ack
act ben 1 3 take
act ben 10 30 wait --on customer -m "Asked Olga for the registration certificate and VAT number of Stark Freight Nordic AB."
act ben 400 1100 resume -m "Olga sent the certificate and VAT number SE556677889901."
act ben 20 60 update -m "Stark Freight Nordic AB is set up as a second billing entity with its own invoice numbering (SFN-)."
act ben 5 20 resolve --code fixed --resolution "Created the billing entity Stark Freight Nordic AB with its own VAT number and invoice sequence."
confirm ben

# Handed to a vendor (Postmark), waiting on the vendor, then resumed.
open_ticket "2026-08-14 15:05" ana raj "Password reset emails arrive 20+ minutes late" \
    --type technical --category authentication --label email --label password-reset
classify ana 3 10 --severity sev3
act ana 10 30 ack
act ana 1 3 take
act ana 10 30 update -m "We confirmed the delays on our side and are checking with our email provider."
act ana 20 60 escalate --reason expertise -m "Messages leave us instantly; the delay is at Postmark."
act dana 10 30 take
act dana 10 30 escalate --vendor Postmark --ref PM-7204418 --reason vendor -m "Postmark's transactional stream queues our messages for 20-25 minutes."
act dana 5 15 wait --on vendor -m "Waiting for Postmark to explain the queueing on our transactional stream."
act dana 120 300 update -m "Postmark is investigating delays on their side. Password reset links stay valid for 60 minutes, so they still work when they arrive."
act dana 120 300 resume -m "Postmark: a shared IP pool was throttled by Outlook.com; they moved our stream to a dedicated pool."
act dana 10 30 update -m "Password reset emails arrive within seconds again."
act dana 10 30 resolve --code fixed \
    --resolution "Postmark moved our transactional stream to a dedicated IP pool; delivery back under 10 seconds." \
    --root-cause "Postmark's shared IP pool was throttled by a large mailbox provider, delaying all messages on it."
confirm ana

# --- August, week 34 ------------------------------------------------------------------------

open_ticket "2026-08-17 09:05" ana marco "Bank statement import rejects CAMT.053 files from ING" \
    --type technical --category integration --label bank-import --label camt \
    --body "Error: 'Unsupported element BkToCstmrStmt/Stmt/Ntry/NtryDtls/Btch'. Files from ABN AMRO import fine."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced the error with the file you sent and are looking into it."
act ana 30 120 escalate --reason complexity -m "Parser rejects batch booking entries; not a configuration issue."
act dana 10 40 take
act dana 60 200 update -m "ING sends batch bookings (several payments in one entry), which our parser did not accept. A fix is being prepared."
act dana 120 300 update --internal -m "Parser now expands NtryDtls/Btch into one line per TxDtls; tested with Globex's last 3 statements."
act dana 60 200 update -m "The fix is live. Please import the ING statements again; each batch now shows its individual payments."
act dana 10 40 resolve --code fixed \
    --resolution "CAMT.053 parser now accepts batch bookings and splits them into individual transactions." \
    --root-cause "Our CAMT.053 parser did not support batch entries (NtryDtls/Btch), which ING uses for grouped incoming payments."
confirm ana

open_ticket "2026-08-17 11:20" eli eli "Rotate the pager integration key after the checkout incident review" \
    --type internal --category other --label on-call --label maintenance \
    --body "Action item from the 11 August review: the key was shared in the incident channel."
classify eli 2 10 --severity sev4
act eli 10 60 ack
act eli 1 3 take
act eli 60 240 update -m "New key generated; updating the alerting config in all three environments."
act eli 60 200 resolve --code fixed --resolution "Rotated the pager integration key and stored it in the secrets manager; the old key is revoked."
confirm eli

# A P2 that L2 hands back down (deescalate) once the cause is known.
open_ticket "2026-08-18 09:40" ana priya "Customer charged twice for invoice ACM-2026-08-1142" \
    --type customer --category payments --label refunds --label card \
    --body "An Acme customer sees two card charges of EUR 1,249.00 for the same invoice and threatens a chargeback."
classify ana 3 8 --severity sev2
act ana 5 15 ack
act ana 1 2 take
act ana 5 15 update -m "We are checking both card transactions now and will get back to you within the hour."
act ana 15 30 escalate --reason expertise -m "Two card transactions on one invoice; needs someone with access to the Stripe dashboard."
act chen 3 15 take
act chen 15 40 update --internal -m "Only one charge was captured. The other is an authorisation from a failed 3-D Secure attempt; Stripe voided it within minutes and the bank will drop it within 7 days."
act chen 5 15 deescalate --to L1 --reason "Cause known (a voided authorisation, not a second charge); frontline can explain it to the customer." \
    -m "Ana, please send the explanation; template 'pending authorisation' fits."
act ana 10 30 update -m "Only one payment was taken. The second line is a card authorisation from a failed attempt, already released; the bank removes it within 7 days."
act ana 5 20 resolve --code no_fault \
    --resolution "Explained that the second line is a voided authorisation, not a charge; it disappears from the card statement within 7 days." \
    --root-cause "A failed 3-D Secure attempt left a pending card authorisation that the issuing bank shows like a charge."
confirm ana

# Nobody picked this sev4 up for more than a working day: a late acknowledgement.
open_ticket "2026-08-19 13:40" ana sam "Invoice numbers jump from INV-4410 to INV-4412" \
    --type customer --category billing --label numbering \
    --body "Our auditor asks where INV-4411 is."
classify ana 5 20 --severity sev4
act ben 560 700 ack
act ben 1 3 take
act ben 20 60 update -m "Sorry for the slow reply. INV-4411 was a draft that was finalised and then deleted on 14 August, which uses up the number."
act ben 10 40 resolve --code no_fault \
    --resolution "Sent the audit-log entry showing INV-4411 was finalised and deleted by an Initech user; gaps are only possible this way." \
    --root-cause "A finalised invoice was deleted, which keeps its number unused by design."
confirm ben "Sam forwarded the audit-log entry to the auditor."

open_ticket "2026-08-19 15:30" ben marco "Change the sender name on invoice emails" \
    --type customer --category other --label email --label how-to
classify ben 2 10 --severity sev4
fcr ben no_fault \
    "The sender name is under Settings > Email > Sender name; it applies to every email sent after the change." \
    "Showed Marco where to set the sender name ('Globex Logistics Billing')."

open_ticket "2026-08-20 10:00" ana hana "Nightly invoice sync hits 429 Too Many Requests" \
    --type technical --category api --label rate-limit --label sync \
    --body "Our ERP sync pulls about 40,000 invoices between 01:00 and 02:00 and gets 429s after a few minutes."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We see the 429s in our logs. Your sync sends about 30 requests a second; the limit is 10."
act ana 20 90 escalate --reason customer_expectations -m "Globex asks for a higher limit; only specialists can change account limits."
act chen 10 40 take
act chen 60 200 update -m "We raised your limit to 25 requests a second for the 01:00-03:00 window. Using the updated_since filter would cut the sync to a few hundred requests."
act chen 20 90 resolve --code workaround \
    --resolution "Raised Globex's night-time rate limit to 25 req/s and recommended incremental sync with updated_since." \
    --root-cause "The ERP sync fetches every invoice each night instead of only the changed ones."
confirm ana

open_ticket "2026-08-21 14:30" ben lena "How do we export all credit notes of 2025 for our auditor?" \
    --type customer --category data-export --label how-to --label export
classify ben 2 10 --severity sev4
CONFIRM=no fcr ben no_fault \
    "Use Reports > Exports > Credit notes, set the period to 2025 and choose 'PDF bundle + CSV'. The download link arrives by email." \
    "Explained the credit note export with a PDF bundle."

# --- August, week 35 ------------------------------------------------------------------------

# Priority override: a sev4 raised to P3 because leavers' access is a security control.
open_ticket "2026-08-24 08:45" dana dana "Remove admin console access for two contractors who left" \
    --type internal --category authentication --label access --label offboarding
classify dana 2 10 --severity sev4 --priority P3 --reason "Leavers' access must be removed within days (access-control policy)."
act dana 5 20 ack
act dana 1 3 take
act dana 5 30 escalate --to security --reason expertise -m "Needs the security team to revoke SSO sessions and API tokens too."
act dana 30 120 update -m "Security is revoking the accounts, sessions and personal API tokens."
act dana 60 200 resolve --code fixed --resolution "Security disabled both accounts, revoked 3 API tokens and all sessions; confirmed no logins after the contracts ended."
confirm dana

# Vendor hand-off that takes Stripe a day: misses the P2 resolve and update targets.
open_ticket "2026-08-25 09:20" ben tom "3-D Secure challenge fails for UK cards at checkout" \
    --type technical --category payments --label 3ds --label checkout --label stripe \
    --body "UK customers see the bank's challenge page, approve, and get 'Authentication failed'. EU cards work."
classify ben 4 4 --severity sev2
act ben 8 8 ack
act ben 1 1 take
act ben 9 9 update -m "We reproduced the failure with a UK test card and are investigating with priority."
act ben 28 28 escalate --reason complexity -m "3DS2 flow breaks after the challenge for UK issuers only."
act chen 6 6 take
act chen 39 39 update --internal -m "The challenge result comes back as 'U' (unavailable) from Stripe for all UK issuers since about 04:00 UTC."
act chen 10 10 escalate --vendor Stripe --ref CASE-0041877 --reason vendor -m "Looks like a Stripe 3DS server problem for UK issuers."
act chen 7 7 wait --on vendor -m "Waiting for Stripe to confirm the 3DS problem for UK issuers."
act chen 88 88 update -m "Stripe is investigating a problem with UK card authentication. Until it is fixed, UK customers can pay by bank transfer or PayPal."
act chen 210 210 update -m "No fix from Stripe yet; we have asked them to raise the case priority."
act chen 1045 1045 resume -m "Stripe: a certificate on their UK 3DS directory server connection expired; renewed at 07:10 UTC."
act chen 10 10 update -m "UK card payments with 3-D Secure work again since 07:10 UTC."
act chen 20 20 resolve --code fixed \
    --resolution "Stripe renewed an expired certificate on its UK 3DS directory server connection; verified UK card payments." \
    --root-cause "An expired certificate between Stripe and the UK 3DS directory server made every UK challenge result 'unavailable'."
confirm ben "Tom confirmed UK customers can pay again."

# Fixed, then reopened when the next Monday's report was still empty.
open_ticket "2026-08-26 12:00" ana jonas "Scheduled 'Weekly revenue' report arrives empty on Mondays" \
    --type technical --category data-export --label reports --label scheduled \
    --body "The report mailed on Monday at 07:00 has headers but no rows; running it by hand later works."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 60 update -m "We can see the empty Monday reports in the send log and are looking into it."
act ana 30 120 escalate --reason complexity -m "Scheduled run returns no rows, manual run returns data; needs the report engine logs."
act dana 10 40 take
act dana 60 240 update -m "The Monday run asks for 'last week' in UTC while your account is set to Europe/Berlin, so Sunday evening drops out. Engineering is fixing the date range."
act dana 10 30 escalate --reason expertise -m "Date range for scheduled reports ignores the account time zone."
act eli 20 90 take
act eli 120 300 update -m "Fix deployed: scheduled reports use your account's time zone for their date range."
act eli 10 30 resolve --code fixed \
    --resolution "Scheduled reports now compute 'last week' in the account time zone." \
    --root-cause "The scheduler computed report periods in UTC."
acto ana 1300 1500 reopen --reason "Monday's report (31 August) was empty again."
act eli 20 60 update -m "We are sorry the report was empty again; we are looking at Monday's run now."
act eli 60 180 update --internal -m "Time zone is right now. Second cause: the 07:00 run starts before the nightly warehouse refresh finishes (07:25), so it reads an empty partition."
act eli 120 300 update -m "Scheduled reports now wait for the nightly data refresh before running. You can run Monday's report by hand until next week's run confirms it."
act eli 10 30 resolve --code fixed \
    --resolution "Scheduled reports now wait for the warehouse refresh to complete; re-sent the 31 August report." \
    --root-cause "Two causes: report periods in UTC (fixed first), and the Monday 07:00 run starting before the warehouse refresh had loaded the week."
acto ana 1900 2100 confirm -m "Jonas confirmed the report of Monday 7 September was complete."

open_ticket "2026-08-27 15:50" ana lena "Typo in the Dutch invoice template: 'Factuurdatun'" \
    --type customer --category other --label templates --label i18n
classify ana 2 10 --severity sev4
fcr ana fixed \
    "Thanks for spotting it. The corrected Dutch template ('Factuurdatum') goes out with tomorrow morning's release." \
    "Corrected 'Factuurdatun' to 'Factuurdatum' in the Dutch invoice template." \
    "A typo in the Dutch translation file."

open_ticket "2026-08-31 10:30" ben raj "Invoice emails to Umbrella Health's patients bounce: 'DMARC policy reject'" \
    --type technical --category integration --label email --label dmarc \
    --body "Since Umbrella switched their sender address to billing@umbrella-health.example, most invoice emails bounce."
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see the bounces: receiving servers reject the emails under your domain's DMARC policy."
act ben 30 90 escalate --reason expertise -m "Needs DKIM setup for a custom sender domain."
act dana 10 40 take
act dana 20 60 update -m "Your domain publishes 'p=reject' but our emails are not yet signed for it. We have generated DKIM keys for umbrella-health.example."
act dana 5 15 wait --on customer -m "Asked Raj to publish the two DKIM CNAME records and the SPF include in Umbrella's DNS."
act dana 600 1200 resume -m "Raj published the records; DNS checks pass."
act dana 10 40 update -m "Emails from billing@umbrella-health.example are now DKIM-signed and pass DMARC. We re-sent the 37 bounced invoices."
act dana 5 20 resolve --code no_fault \
    --resolution "Umbrella published our DKIM and SPF records for their sender domain; bounced invoices re-sent." \
    --root-cause "The custom sender domain was used before its DKIM/SPF records were published, so DMARC 'p=reject' bounced the emails."
confirm ben

# --- September, week 36 ---------------------------------------------------------------------

open_ticket "2026-09-01 09:00" ben olga "Add a reverse-charge note to EU B2B invoices" \
    --type customer --category billing --label vat --label reverse-charge
classify ben 2 10 --severity sev4
fcr ben no_fault \
    "This is built in: mark the customer as 'EU business (reverse charge)' and the note 'VAT reverse charged, Art. 196 VAT Directive' is printed." \
    "Showed Olga the 'EU business (reverse charge)' customer setting; 14 customers updated."

# sev1 at night: routing puts a database sev1 straight at L2 with the database team.
open_ticket "2026-09-02 04:10" ben ben "Billing database failover: invoices cannot be saved (read-only)" \
    --type technical --category database --label incident --label database \
    --body "Alert 02:06 UTC: primary db-billing-1 unreachable; replica promoted but API writes fail with 'read-only transaction'."
triage ben 2 2 --answer outage=yes
actw ben 3 3 ack
actw dana 4 4 take
actw dana 5 5 update -m "Invoices and payments cannot be saved at the moment; viewing works. We are working on it. Next update within the hour."
actw dana 7 7 escalate --hierarchical --reason customer_expectations -m "Write outage for all customers; waking the head of support."
actw dana 14 14 escalate --to L3 --reason expertise -m "Promoted replica still has default_transaction_read_only on; needs engineering to reconfigure the pool safely."
actw eli 10 10 take
actw eli 20 20 update -m "We found the cause and are restoring write access. Next update within the hour."
actw eli 35 35 update --internal -m "Cleared default_transaction_read_only on the new primary, restarted the connection pool; writes OK from 03:46 UTC."
actw eli 5 5 update -m "Invoices and payments can be saved again since 03:46 UTC. Nothing was lost; webhooks for the period are being delivered now."
actw eli 55 55 resolve --code fixed \
    --resolution "Made the promoted replica writable and restarted the API connection pool; webhook backlog delivered by 04:40 UTC." \
    --root-cause "The failover promoted the replica but kept its read-only default, and the runbook did not check it."
confirm dana "Status page closed after a quiet morning."

open_ticket "2026-09-03 13:45" ana grace "Reset two-factor authentication for an Initech finance user" \
    --type customer --category authentication --label 2fa --label account
classify ana 2 10 --severity sev4
act ana 10 40 ack
act ana 1 3 take
act ana 5 20 wait --on customer -m "Asked Grace, as account owner, to confirm the request from her registered email address."
act ana 60 300 resume -m "Grace confirmed by email."
act ana 10 30 update -m "Two-factor authentication for j.lumbergh@initech.example is reset; he will be asked to set it up at his next sign-in."
act ana 5 20 resolve --code fixed --resolution "Reset 2FA for the user after the account owner confirmed."
confirm ana

# L2 explains, then hands back to L1 to close the loop with the customer.
open_ticket "2026-09-04 10:40" ben priya "Payout report total differs from the Stripe balance" \
    --type customer --category payments --label payouts --label reports
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We are comparing the August payout report with your Stripe balance."
act ben 30 90 escalate --reason expertise -m "Needs someone who knows how Stripe fees are booked."
act chen 10 40 take
act chen 60 180 update --internal -m "Difference EUR 1,412.37 = Stripe fees for August. Our payout report shows gross amounts by default."
act chen 5 15 deescalate --to L1 --reason "Explained; frontline can walk Priya through the net/gross switch."
act ben 20 60 update -m "The difference is exactly August's Stripe fees: the payout report shows gross amounts. Switch 'Amounts' to 'Net of fees' to match your Stripe balance."
act ben 5 20 resolve --code no_fault \
    --resolution "Explained the gross/net switch in the payout report; the difference equals the Stripe fees." \
    --root-cause "The payout report shows gross amounts by default; Stripe shows the balance net of fees."
confirm ben

# --- September, week 37 ---------------------------------------------------------------------

open_ticket "2026-09-07 09:25" ana marco "CSV invoice import rejects files separated by semicolons" \
    --type technical --category data-export --label import --label csv
classify ana 2 10 --severity sev4
fcr ana workaround \
    "Choose 'Semicolon' under Import > Options > Delimiter before uploading; the import does not guess it." \
    "Set the delimiter to semicolon on the import screen; 312 invoices imported." \
    "The CSV import assumes commas unless told otherwise; Excel in Italian locale saves with semicolons."

open_ticket "2026-09-08 11:50" ben hana "New Okta users get 'account not provisioned' at SSO sign-in" \
    --type technical --category authentication --label sso --label okta
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see the failed sign-ins for the new users and are checking the provisioning logs."
act ben 30 90 escalate --reason expertise -m "SCIM provisioning question; needs an SSO specialist."
act chen 10 40 take
act chen 30 90 update -m "No SCIM requests reached us for these users. Could you check that the Northwind app in Okta has provisioning enabled for the new group?"
act chen 5 15 wait --on customer -m "Asked Hana to check the Okta app's provisioning settings for the 'Finance-2026' group."
act chen 300 900 resume -m "Hana: the new group was not assigned to the Northwind app in Okta; fixed on their side."
act chen 10 40 update -m "All 12 new users were provisioned and can sign in."
act chen 5 20 resolve --code no_fault \
    --resolution "Globex assigned the new Okta group to the Northwind app; SCIM provisioned the users." \
    --root-cause "The new Okta group was not assigned to the Northwind application, so its users were never provisioned."
confirm ben

open_ticket "2026-09-09 14:10" ana lena "Credit note PDF does not show the original invoice number" \
    --type technical --category billing --label pdf --label credit-notes \
    --body "German law needs the reference to the original invoice on the credit note. The field is filled in the app."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced it: the reference is stored but not printed. We are looking into the template."
act ana 30 90 escalate --reason complexity -m "Template field is empty on the rendered PDF; beyond template settings."
act chen 10 40 take
act chen 60 200 update -m "The German template reads a field that was renamed in June. Engineering will fix the template."
act chen 10 30 escalate --reason expertise -m "Template variable renamed; needs a code change in the renderer."
act eli 20 60 take
act eli 120 300 update -m "Fixed in today's release; credit notes show 'Korrektur zu Rechnung ...' again. Existing PDFs can be regenerated from the credit note page."
act eli 10 40 resolve --code fixed \
    --resolution "Restored the original-invoice reference in the German credit note template; affected PDFs regenerated." \
    --root-cause "The June template refactoring renamed original_invoice_number, and the German template kept the old name."
confirm ana

# Dunning went wrong across a whole day: misses the P2 resolve target.
open_ticket "2026-09-10 10:30" ben jonas "Dunning emails sent to customers who already paid" \
    --type technical --category billing --label dunning --label email \
    --body "At least 40 Acme customers received a second reminder this morning for invoices paid last week."
classify ben 3 8 --severity sev2
act ben 5 15 ack
act ben 1 3 take
act ben 5 15 update -m "We are looking into the reminders sent this morning and have paused dunning for your account meanwhile."
act ben 15 40 escalate --reason complexity -m "Paid invoices picked up by dunning; cannot see why from the admin console."
act dana 5 15 take
act dana 60 120 update -m "Payments from last week are recorded, but the invoices were not marked as paid. We are finding out why."
act dana 30 60 escalate --reason expertise -m "Payment matching job skipped invoices; needs engineering."
act eli 10 20 take
act eli 120 200 update -m "Cause found: the payment matching job stopped on one malformed bank entry on 3 September. We are re-running it."
act eli 120 200 update -m "Re-run complete: 412 invoices marked as paid. Dunning stays paused for your account until you confirm."
act eli 60 120 resolve --code fixed \
    --resolution "Re-ran payment matching for 3-10 September; the job now skips and reports malformed entries instead of stopping." \
    --root-cause "A bank entry without an amount made the payment matching job stop, leaving a week of payments unmatched."
confirm ben "Jonas confirmed; dunning resumed for Acme."

open_ticket "2026-09-10 14:00" ana tom "How do we void an invoice that was sent by mistake?" \
    --type customer --category billing --label how-to --label credit-notes
classify ana 2 10 --severity sev4
fcr ana no_fault \
    "A sent invoice cannot be deleted; issue a full credit note from the invoice page (More > Credit in full). Both documents are kept for the audit trail." \
    "Explained that a sent invoice is voided with a full credit note."

open_ticket "2026-09-11 09:35" chen chen "Metabase access for Chen Wei" \
    --type internal --category other --label access
classify chen 2 10 --severity sev4
act eli 30 200 ack
act eli 1 3 take
act eli 30 120 resolve --code fixed --resolution "Added Chen to the 'support-analysts' Metabase group (read-only, masked PII)."
confirm eli

# --- September, week 38 ---------------------------------------------------------------------

open_ticket "2026-09-14 10:05" ben sam "Invoice due dates one day early for Initech's New Zealand branch" \
    --type technical --category billing --label due-dates --label timezone
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We reproduced it for the Auckland branch and are investigating."
act ben 30 90 escalate --reason complexity -m "Due date depends on the branch time zone."
act dana 10 40 take
act dana 60 180 update -m "Due dates are computed at midnight UTC, which is already the next day in Auckland. Engineering is fixing it."
act dana 10 30 escalate --reason expertise -m "Due date arithmetic must use the branch time zone."
act eli 20 90 take
act eli 120 320 update -m "The fix is in testing with branches in Auckland, Honolulu and Amsterdam."
act eli 120 300 update -m "Released: due dates follow the branch's own calendar. Invoices already sent keep their dates."
act eli 10 30 resolve --code fixed \
    --resolution "Due dates are now computed in the branch time zone." \
    --root-cause "Invoice dates were converted to UTC before adding the payment term, shifting dates for branches east of UTC+12h by one day."
confirm ben

open_ticket "2026-09-15 13:45" ben olga "How do I give our accountant read-only access?" \
    --type customer --category authentication --label how-to --label roles
classify ben 2 10 --severity sev4
fcr ben no_fault \
    "Invite the accountant under Settings > Users with the role 'Auditor (read-only)'; it does not use a paid seat." \
    "Explained the free Auditor role."

# Resolved at L1, reopened, then fixed by a specialist.
open_ticket "2026-09-16 09:10" ana jonas "Webhook signature verification fails after rotating the signing secret" \
    --type technical --category api --label webhooks --label signatures
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 20 60 update -m "After a rotation both secrets are valid for 24 hours, and events are signed with the new one. Please check your endpoint uses the new secret."
act ana 20 90 resolve --code no_fault \
    --resolution "Acme's endpoint was still configured with the old secret; they updated it." \
    --root-cause "Endpoint configured with the old signing secret."
acto ana 300 600 reopen --reason "Acme updated the secret, but retries of events first sent before the rotation still fail verification."
act ana 10 40 update -m "Thanks, we can see the failing retries and are looking into them."
act ana 20 60 escalate --reason complexity -m "Retries seem to keep the old signature."
act chen 10 40 take
act chen 60 180 update --internal -m "Retry queue stores the signed payload; retries of pre-rotation events carry the old signature."
act chen 60 200 update -m "Retries are now re-signed with the current secret when they are sent. The 57 pending retries for your endpoint were re-queued."
act chen 5 20 resolve --code fixed \
    --resolution "Webhook retries are signed at send time with the current secret; pending retries re-queued." \
    --root-cause "The retry queue stored signed payloads, so retries after a secret rotation carried signatures made with the old secret."
confirm ana

open_ticket "2026-09-17 15:20" ben raj "Exact Online export stops after 1,000 invoices" \
    --type technical --category data-export --label exact-online --label export
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see that the export ends at exactly 1,000 invoices and are looking into it."
act ben 30 90 escalate --reason complexity -m "Looks like paging; needs the integration logs."
act chen 10 40 take
act chen 60 200 update -m "The export reads only the first page from Exact's API. Engineering is fixing the paging; meanwhile you can export per month."
act chen 10 30 escalate --reason expertise -m "Exact Online connector ignores the __next link."
act eli 20 90 take
act eli 120 320 update -m "The fix is in review."
act eli 120 300 update -m "Released: exports follow Exact's paging and finish with all invoices."
act eli 10 40 resolve --code fixed \
    --resolution "The Exact Online connector follows the API's paging links; re-ran the January-August export (2,314 invoices)." \
    --root-cause "The connector read only the first page (1,000 records) of Exact Online's API response."
confirm ben

open_ticket "2026-09-18 11:00" ana tom "Refund stuck in 'pending' for six days" \
    --type customer --category payments --label refunds --label stripe \
    --body "Refund of EUR 380.00 on invoice SF-2026-08-0311, issued 12 September, still pending."
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We are checking the refund with our payment processor."
act ana 20 60 escalate --reason expertise -m "Refund pending at Stripe; needs someone with dashboard access."
act chen 10 40 take
act chen 30 90 escalate --vendor Stripe --ref CASE-0043120 --reason vendor -m "Refund to an expired card is stuck at Stripe; asked them to route it to the customer's bank."
act chen 5 15 wait --on vendor -m "Waiting for Stripe to process the refund through the card network."
act chen 240 420 update -m "Stripe is returning the funds through the card network, as the card has expired. It should reach the customer within 5 working days."
act chen 240 400 resume -m "Stripe confirmed the refund was sent to the issuing bank."
act chen 10 40 update -m "The refund has left Stripe and is with the customer's bank (reference ARN 74629166281)."
act chen 10 40 resolve --code fixed \
    --resolution "Stripe routed the refund for the expired card through the card network; ARN shared with the customer." \
    --root-cause "Refunds to expired cards need manual routing at Stripe, which our refund flow did not flag."
confirm ana

# --- September, week 39 ---------------------------------------------------------------------

# Priority override: a sev4 raised to P3 for a customer's go-live date.
open_ticket "2026-09-21 09:15" ben hana "Raise the API rate limit for Globex's go-live on 28 September" \
    --type customer --category api --label rate-limit
classify ben 3 10 --severity sev4 --priority P3 --reason "Globex goes live next Monday; the change must be in place before then."
act ben 10 40 ack
act ben 1 3 take
act ben 20 60 escalate --reason customer_expectations -m "Limit changes need a specialist; Globex expects it before their go-live."
act chen 10 60 take
act chen 60 200 update -m "We raised your limit to 50 requests a second from today. Please keep using the updated_since filter."
act chen 10 40 resolve --code fixed --resolution "Raised Globex's API limit to 50 req/s permanently."
confirm ben

open_ticket "2026-09-22 12:10" ana priya "'Overdue' dashboard widget counts credit notes as overdue" \
    --type technical --category other --label dashboard --label credit-notes
classify ana 3 10 --severity sev4
act ana 20 90 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced it: open credit notes are counted with overdue invoices."
act ana 60 200 escalate --reason complexity -m "Widget query bug."
act dana 30 120 take
act dana 10 30 escalate --reason expertise -m "Widget counts all documents with a due date; needs a code fix."
act eli 60 300 take
act eli 300 700 update -m "Fixed in today's release: the widget counts invoices only."
act eli 10 40 resolve --code fixed \
    --resolution "The Overdue widget now counts only invoices." \
    --root-cause "The widget selected every document type with a past due date, including credit notes."
confirm ana

open_ticket "2026-09-23 08:55" ben sam "Intermittent 504s on the invoices API from Initech's office network" \
    --type technical --category network --label api --label timeouts \
    --body "About 1 in 20 requests from our office get 504 Gateway Timeout after exactly 30 seconds. From AWS it works."
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "Our gateway logs show no 504s for your requests; we are checking whether they reach us at all."
act ben 30 90 escalate --reason expertise -m "Network path problem; needs a specialist."
act chen 10 40 take
act chen 30 90 update -m "The failing requests never reach our load balancer. Could you send a traceroute and your proxy's logs for one failing request?"
act chen 5 15 wait --on customer -m "Asked Sam for a traceroute and proxy logs of a failing request."
act chen 400 1000 resume -m "Sam sent the logs: their outbound proxy times out after 30 s on connections it keeps idle."
act chen 20 60 update -m "The 504s come from your office proxy, which reuses idle connections that our side closed after 60 s. Setting the proxy's idle timeout below 60 s fixes it."
act chen 10 40 resolve --code no_fault \
    --resolution "Initech lowered their proxy's upstream idle timeout to 50 s; no more 504s." \
    --root-cause "Initech's office proxy reused upstream connections our load balancer had closed, then timed out after 30 s."
confirm ben

open_ticket "2026-09-24 14:00" ana marco "Invoice emails to Globex's own customers land in spam" \
    --type technical --category integration --label email --label spf
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 30 update -m "Your sender domain globex.example has DKIM set up but its SPF record does not include our mail servers."
act ana 5 15 wait --on customer -m "Asked Marco to add include:spf.northwind.example to globex.example's SPF record."
act ana 300 900 resume -m "Marco added the SPF include."
act ana 10 40 update -m "SPF and DKIM now both pass for your invoice emails, which should keep them out of spam."
act ana 5 20 resolve --code no_fault \
    --resolution "Globex added our SPF include to their domain; test emails land in the inbox at Gmail and Outlook.com." \
    --root-cause "Globex's SPF record did not authorise our mail servers, so receivers scored the emails as spam."
confirm ana

open_ticket "2026-09-25 10:20" dana dana "Renew the wildcard TLS certificate for *.northwind.example (expires 9 October)" \
    --type internal --category network --label certificates --label maintenance
classify dana 2 10 --severity sev3
act eli 20 120 ack
act eli 1 3 take
act eli 60 180 update -m "New certificate issued; rolling it out to the load balancers now, one at a time."
act eli 90 180 update -m "Deployed on all load balancers and the API gateway; the old certificate is revoked."
act eli 10 60 resolve --code fixed --resolution "Renewed the wildcard certificate (valid until October 2027) and added an expiry alert at 30 days."
confirm dana

# --- September, week 40 ---------------------------------------------------------------------

# Acknowledged more than 4 working hours late.
open_ticket "2026-09-28 09:40" ana tom "Customer statement PDF is cut off after page 20" \
    --type technical --category data-export --label pdf --label statements
classify ana 5 20 --severity sev3
act ben 290 360 ack
act ben 1 3 take
act ben 10 30 update -m "Sorry for the wait. We reproduced the cut-off with your 600-line statement and are investigating."
act ben 20 60 escalate --reason complexity -m "PDF renderer stops at 20 pages."
act chen 10 40 take
act chen 60 200 update -m "The statement PDF has a 20-page limit that was meant for invoices. Engineering is lifting it."
act chen 10 30 escalate --reason expertise -m "Page limit in the PDF service."
act eli 20 90 take
act eli 120 300 update -m "Released: statements render all pages (tested with 120 pages)."
act eli 10 40 resolve --code fixed \
    --resolution "Removed the 20-page cap for statements in the PDF service." \
    --root-cause "A page cap meant to protect the invoice renderer also applied to statements."
confirm ben

open_ticket "2026-09-29 13:50" ben raj "Payment reminder sent for an invoice paid yesterday" \
    --type customer --category billing --label dunning
classify ben 2 10 --severity sev4
fcr ben no_fault \
    "The bank transfer arrived this morning, after the 06:00 reminder run. The invoice is marked as paid now; please ignore the reminder." \
    "Explained that the payment arrived after the reminder run; invoice now paid." \
    "Bank transfers are matched when the bank statement arrives, which was after the reminder run."

open_ticket "2026-09-30 10:10" ana grace "Feature request: invoice templates per language" \
    --type customer --category other --label feature-request --label templates
classify ana 2 10 --severity sev4
act ana 20 90 ack
act ana 1 3 take
act ana 60 300 update --internal -m "Product: per-language templates are not planned this year; per-customer template selection covers it."
act ana 10 40 update -m "Per-language templates are not planned, but you can pick a template per customer (Customer > Invoice settings > Template), which covers your case."
act ana 5 20 resolve --code wont_fix --resolution "Not planned; the customer uses per-customer template selection instead."
confirm ana

# --- October, week 40 -----------------------------------------------------------------------

open_ticket "2026-10-01 09:00" ben raj "SAML sign-in rejected: 'assertion not yet valid'" \
    --type technical --category authentication --label sso --label saml
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see the rejected assertions in our logs and are investigating."
act ben 30 90 escalate --reason expertise -m "SAML timing issue; needs an SSO specialist."
act dana 10 40 take
act dana 30 90 update -m "Your assertions are issued about 4 minutes in the future, beyond our 2-minute allowance: the ADFS server's clock seems to be ahead."
act dana 5 15 wait --on customer -m "Asked Raj to check NTP on their ADFS servers."
act dana 200 800 resume -m "Raj: one ADFS node had lost its NTP source; fixed."
act dana 10 40 update -m "Sign-ins succeed on all ADFS nodes now."
act dana 5 20 resolve --code no_fault \
    --resolution "Umbrella fixed NTP on one ADFS node; assertions are within the allowed clock skew." \
    --root-cause "An ADFS node's clock ran 4 minutes ahead, so its SAML assertions were not yet valid on arrival."
confirm ben

open_ticket "2026-10-02 15:30" ana priya "Stripe payouts not reconciled since Wednesday" \
    --type technical --category payments --label payouts --label reconciliation --label stripe \
    --body "Payouts of 30 Sep and 1 Oct show as 'Unmatched' in Acme's bank reconciliation."
classify ana 3 8 --severity sev2
act ana 5 15 ack
act ana 1 3 take
act ana 5 15 update -m "We are looking into the unmatched payouts now."
act ana 15 40 escalate --reason complexity -m "Reconciliation of payouts failing; needs a specialist."
act dana 5 15 take
act dana 30 60 update --internal -m "Stripe's payout reconciliation report for 30 Sep is empty via the API but complete in the dashboard."
act dana 5 15 escalate --vendor Stripe --ref CASE-0045532 --reason vendor -m "Stripe reporting API returns an empty itemised payout report for 30 Sep and 1 Oct."
act dana 10 30 update -m "The payout data we get from Stripe is incomplete for these two days; Stripe is looking into it. Your funds are not affected."
act dana 5 10 wait --on vendor -m "Waiting for Stripe to regenerate the itemised payout reports."
act dana 60 100 resume -m "Stripe regenerated both reports."
act dana 10 30 update -m "Both payouts are reconciled now: 1,284 payments matched."
act dana 10 30 resolve --code fixed \
    --resolution "Stripe regenerated the itemised payout reports; re-ran reconciliation for 30 Sep and 1 Oct." \
    --root-cause "Stripe's reporting API served empty itemised payout reports for two days."
confirm ana

# sev1 on a Saturday night; acknowledged a few minutes late (P1 ack target: 15 minutes).
open_ticket "2026-10-03 21:20" ben hana "All API requests rejected with 401 after the token signing key rotation" \
    --type technical --category authentication --label api --label incident \
    --body "Globex's integration and every other API client get 401 invalid_token since about 19:00 UTC."
triage ben 2 2 --answer outage=yes
actw ben 16 16 ack
actw ben 1 1 take
actw ben 4 4 update -m "All API calls are failing with 401. We are on it; next update within 30 minutes."
actw ben 5 5 escalate --reason sla_risk -m "API-wide outage; started with the scheduled key rotation at 19:00 UTC."
actw dana 3 3 take
actw dana 7 7 escalate --hierarchical --reason customer_expectations -m "Every API client is down on a Saturday night; informing management."
actw dana 14 14 escalate --reason expertise -m "Token validation rejects tokens signed with the new key; needs engineering."
actw eli 8 8 take
actw eli 20 20 update -m "We found the cause and are fixing it. Next update within 30 minutes."
actw eli 20 20 update --internal -m "The API gateway cached the JWKS for 24 h and did not know the new key id. Flushed the cache at 20:58 UTC; the rotation job will publish new keys a day ahead."
actw eli 5 5 update -m "API requests succeed again since 20:58 UTC. No data was lost; please retry failed calls."
actw eli 30 30 resolve --code fixed \
    --resolution "Flushed the gateway's JWKS cache; the rotation now publishes the next key 24 hours before it signs with it." \
    --root-cause "The key rotation signed tokens with a new key immediately while the API gateway cached the old key set for 24 hours."
confirm dana "Hana confirmed Globex's overnight sync ran normally."

# --- October, week 41 -----------------------------------------------------------------------

open_ticket "2026-10-05 08:50" ana marco "'Revenue by customer' report leaves out credit notes" \
    --type technical --category data-export --label reports
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We are comparing the report with your credit notes."
act ana 30 90 escalate --reason complexity -m "Report totals do not match; needs report definitions."
act chen 10 40 take
act chen 60 180 update --internal -m "Not a bug: the report has 'Include credit notes' off by default; Globex's saved copy predates the option."
act chen 5 15 deescalate --to L1 --reason "Report option, no defect; frontline can help the customer update the saved report."
act ana 10 40 update -m "Open the saved report, tick 'Include credit notes' under Options and save it: totals then match your ledger."
act ana 5 20 resolve --code no_fault \
    --resolution "Showed Marco the 'Include credit notes' option; saved report updated." \
    --root-cause "The saved report was created before the option existed and has it switched off."
confirm ana

open_ticket "2026-10-06 11:15" ben tom "Invoice search finds nothing for numbers containing a slash" \
    --type technical --category other --label search
classify ben 3 10 --severity sev4
act ben 20 90 ack
act ben 1 3 take
act ben 10 40 update -m "We reproduced it: searching 'SF/2026/0312' returns nothing. As a workaround, search for '0312'."
act ben 60 240 escalate --reason complexity -m "Search tokenizer problem."
act chen 30 120 take
act chen 10 40 escalate --reason expertise -m "Tokenizer splits on '/'; needs a change in the search index."
act eli 60 300 take
act eli 300 800 update -m "Fixed: invoice numbers are indexed as whole words, slashes included."
act eli 10 40 resolve --code fixed \
    --resolution "Invoice numbers are now indexed as one token, so searches with slashes match." \
    --root-cause "The search tokenizer split invoice numbers on '/', and the query did not match the pieces."
confirm ben

open_ticket "2026-10-07 08:40" ana sam "All Initech users get 'invalid redirect URI' at sign-in" \
    --type technical --category authentication --label sso --label login \
    --body "Since Initech moved to initech.example.com this morning nobody can sign in."
classify ana 3 8 --severity sev2
act ana 5 15 ack
act ana 1 3 take
act ana 5 15 update -m "We are investigating the sign-in failures and will update you within the hour."
act ana 15 40 escalate --reason expertise -m "OIDC redirect URI mismatch after the customer's domain change."
act chen 5 15 take
act chen 20 50 update -m "Your identity provider now sends users back to initech.example.com, which is not registered with us. We are adding it."
act chen 20 60 update --internal -m "Added https://initech.example.com/sso/callback to Initech's allowed redirect URIs; kept the old one for a month."
act chen 5 15 update -m "Sign-in works again with the new domain."
act chen 5 20 resolve --code fixed \
    --resolution "Registered Initech's new callback URL as an allowed redirect URI." \
    --root-cause "Initech changed its domain without updating the redirect URI registered with us."
confirm ana

open_ticket "2026-10-08 14:25" ben lena "Add a cost centre column to the invoice line export" \
    --type customer --category data-export --label feature-request --label export
classify ben 2 10 --severity sev4
fcr ben wont_fix \
    "A dedicated column is not planned, but you can add a custom field 'Cost centre' to invoice lines and it appears in the export." \
    "Not planned; Umbrella uses a custom line field, which the export includes."

open_ticket "2026-10-09 10:00" dana dana "Export the admin audit log for SOC 2 evidence" \
    --type internal --category other --label audit --label compliance
classify dana 2 10 --severity sev4
act eli 30 200 ack
act eli 1 3 take
act eli 60 300 update -m "Export of 1 April - 30 September running; about 2.1 million entries."
act eli 60 300 resolve --code fixed --resolution "Exported the admin audit log for Q2-Q3 as signed CSV to the compliance share."
confirm dana

# --- October, week 42 -----------------------------------------------------------------------

# Fixed at L1, reopened, then solved by L2.
open_ticket "2026-10-12 09:30" ana jonas "Partial payment allocated to the wrong invoice" \
    --type customer --category payments --label allocation
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We found the payment of EUR 2,000.00 on ACM-2026-09-0871; it should be on ACM-2026-09-0817. We are moving it."
act ana 10 30 resolve --code fixed --resolution "Moved the partial payment to ACM-2026-09-0817."
acto ana 200 500 reopen --reason "The payment shows on the right invoice, but ACM-2026-09-0871 still gets dunning as 'partially paid'."
act ana 10 30 update -m "Sorry about that; we are checking why the old invoice still shows a partial payment."
act ana 20 60 escalate --reason complexity -m "Reallocation left a stale balance on the original invoice."
act dana 10 40 take
act dana 60 180 update --internal -m "Manual reallocation updates the payment but not the cached open balance on the source invoice."
act dana 20 90 update -m "Fixed: ACM-2026-09-0871 shows its full open amount again and its reminder was cancelled."
act dana 10 30 resolve --code fixed \
    --resolution "Recomputed the open balances of both invoices and cancelled the wrong reminder; reallocation now refreshes both invoices." \
    --root-cause "Reallocating a payment refreshed the target invoice's balance but not the source invoice's cached balance."
confirm ana

open_ticket "2026-10-13 13:00" ben hana "Webhooks delayed by up to 40 minutes" \
    --type technical --category api --label webhooks --label latency \
    --body "For about an hour, invoice.paid events have been arriving 20-40 minutes after the payment."
classify ben 3 8 --severity sev2
act ben 5 15 ack
act ben 1 3 take
act ben 5 15 update -m "We confirmed the delays and are investigating with priority."
act ben 15 40 escalate --reason complexity -m "Webhook queue backlog growing."
act chen 5 15 take
act chen 20 40 update -m "The webhook queue has a backlog of 90,000 events. We are adding capacity."
act chen 10 20 escalate --reason expertise -m "Workers do not scale up; needs engineering."
act eli 5 15 take
act eli 40 90 update --internal -m "Autoscaler used the wrong queue metric after last week's queue rename; scaled manually to 24 workers."
act eli 20 60 update -m "The backlog is cleared and webhooks arrive within seconds again."
act eli 30 90 resolve --code fixed \
    --resolution "Pointed the webhook worker autoscaler at the renamed queue metric; the backlog drained within 40 minutes." \
    --root-cause "A queue rename left the autoscaler watching a metric that no longer existed, so workers never scaled up."
confirm ben

open_ticket "2026-10-14 10:45" ana grace "Logo upload fails: 'file too large' for a 300 KB PNG" \
    --type technical --category other --label branding
classify ana 2 10 --severity sev4
fcr ana workaround \
    "The limit is on the image size, not the file size: 2000 x 2000 pixels. Scaling the logo down to 800 pixels wide works." \
    "Grace resized the logo to 800 px wide and uploaded it." \
    "The error message says 'file too large' for images over 2000 px."

open_ticket "2026-10-14 15:00" ben sam "Two-factor codes rejected for one Initech user" \
    --type customer --category authentication --label 2fa
classify ben 2 10 --severity sev4
fcr ben no_fault \
    "The codes are rejected because the phone's clock is 3 minutes off. Setting the phone to automatic time fixes it." \
    "The user's phone clock was off by 3 minutes; set to automatic time." \
    "Authenticator codes depend on the device clock."

open_ticket "2026-10-15 09:05" ana lena "Request for the signed data processing agreement" \
    --type customer --category other --label compliance --label gdpr
classify ana 2 10 --severity sev4
act ana 10 60 ack
act ana 1 3 take
act ana 60 240 update --internal -m "Legal sent the countersigned DPA (version 2026-03)."
act ana 10 40 update -m "Attached is the countersigned data processing agreement. It is also under Settings > Legal."
act ana 5 20 resolve --code no_fault --resolution "Sent the countersigned DPA; showed where to download it."
confirm ana

# An evening P2 handed to Postmark.
open_ticket "2026-10-16 18:10" ben ben "Invoice emails stuck in the outgoing queue" \
    --type technical --category integration --label email --label incident \
    --body "Alert 16:05 UTC: outgoing email queue at 6,000 and growing since 15:40 UTC; Postmark answers 422 'Sender signature not confirmed'."
classify ben 3 3 --severity sev2
actw ben 7 7 ack
actw ben 2 2 take
actw ben 8 8 update -m "Invoice and reminder emails are delayed. They are queued, not lost. Next update within two hours."
actw ben 15 15 escalate --reason expertise -m "Postmark rejects our main sender signature; needs L2."
actw chen 10 10 take
actw chen 15 15 escalate --vendor Postmark --ref PM-7419025 --reason vendor -m "Our sender signature shows 'unconfirmed' in Postmark since 15:38 UTC; opened an urgent case."
actw chen 7 7 wait --on vendor -m "Waiting for Postmark to restore the sender signature."
actw chen 78 78 update -m "Our email provider is restoring our sending address. Emails stay queued and will go out once it is fixed."
actw chen 50 50 resume -m "Postmark restored the signature; a bulk re-verification job had reset it by mistake."
actw chen 10 10 update -m "The queued emails are going out now; all should be delivered within 30 minutes."
actw chen 40 40 resolve --code fixed \
    --resolution "Postmark restored our sender signature; 6,420 queued emails delivered by 20:05 UTC." \
    --root-cause "A re-verification job at Postmark reset our confirmed sender signature."
confirm ben

# --- October, week 43 -----------------------------------------------------------------------

# A P2 acknowledged late on a busy Monday morning, and resolved a day and a half later.
open_ticket "2026-10-19 09:20" ana tom "Recurring invoices generated twice for October" \
    --type technical --category billing --label recurring --label duplicates \
    --body "About 60 of Stark Freight's customers received two invoices for their October subscription."
classify ana 25 25 --severity sev2
act ben 22 22 ack
act ben 1 1 take
act ben 9 9 update -m "Sorry for the wait. We see the duplicates and have paused recurring invoicing for your account."
act ben 20 20 escalate --reason complexity -m "Duplicate recurring runs; needs a specialist."
act dana 10 10 take
act dana 90 90 update -m "The October run ran twice after a retry. We are identifying the duplicates; do not send reminders for them."
act dana 30 30 escalate --reason expertise -m "Scheduler retried a run that had succeeded; engineering must fix it and clean up."
act eli 13 13 take
act eli 160 160 update -m "Fix under review. We sent you the list of 61 duplicate invoices and will credit them once you approve it."
act eli 220 220 update -m "We are still waiting for your approval of the list of duplicates before crediting them."
act eli 860 860 update -m "Thanks for approving. Crediting the duplicates now."
act eli 110 110 update -m "All 61 duplicate invoices are credited and the affected customers informed. Recurring invoicing is running again."
act eli 15 15 resolve --code fixed \
    --resolution "Made recurring runs idempotent per schedule and period; credited 61 duplicate invoices." \
    --root-cause "A timeout made the scheduler retry a recurring run that had already succeeded, and runs were not idempotent."
confirm ben

open_ticket "2026-10-20 11:40" dana dana "Production read access for post-incident reviews" \
    --type internal --category database --label access
classify dana 2 10 --severity sev4
act dana 10 30 ack
act dana 1 3 take
act dana 10 40 escalate --to database --reason expertise -m "Needs a DBA to create a time-limited role."
act dana 200 500 update -m "DBA created the role; testing access."
act dana 20 60 resolve --code fixed --resolution "The database team created a read-only incident_review role that expires after 8 hours per grant."
confirm dana

open_ticket "2026-10-21 14:15" ana jonas "API returns 500 when an invoice line has an empty description" \
    --type technical --category api --label api --label validation
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced it: POST /v1/invoices with an empty line description returns 500. Please send a description meanwhile."
act ana 20 90 escalate --reason complexity -m "Unhandled error in invoice validation."
act chen 10 40 take
act chen 10 30 escalate --reason expertise -m "Null pointer in line validation; needs a code fix."
act eli 20 60 take
act eli 120 240 update -m "Fixed: an empty description now returns 422 with a clear message instead of 500."
act eli 10 40 resolve --code fixed \
    --resolution "Line validation returns 422 'description is required' for empty descriptions." \
    --root-cause "The PDF preview step read the description before validation and failed on empty strings."
confirm ana

# sev1 outage of the portal, and a second report of it closed as a duplicate.
open_ticket "2026-10-22 10:10" ana marco "Customer portal down: 503 for all tenants" \
    --type technical --category network --label portal --label incident
INCIDENT_PORTAL=$ID
triage ana 2 2 --answer outage=yes
actw ana 2 2 ack
actw ana 1 1 take
actw ana 5 5 update -m "The customer portal is unavailable. We are investigating with priority; next update in 30 minutes."
actw ana 8 8 escalate --reason sla_risk -m "Portal returns 503 for every tenant; the API is fine."
actw chen 2 2 take
actw chen 7 7 escalate --hierarchical --reason customer_expectations -m "Portal down for all customers during business hours."
actw chen 13 13 escalate --reason expertise -m "All portal backends marked unhealthy by the load balancer."
actw eli 4 4 take
actw eli 18 18 update -m "We found the cause and are restoring the portal now."
actw eli 13 13 update --internal -m "The 08:00 UTC config push changed the portal health check path to /healthz, which the portal does not serve. Reverted at 09:22 UTC."
actw eli 5 5 update -m "The portal is available again since 09:22 UTC."
actw eli 45 45 resolve --code fixed \
    --resolution "Reverted the load balancer health check path; added the portal to the config push canary." \
    --root-cause "A load balancer config push pointed the portal health check at a path the portal does not serve, so all backends were marked down."
confirm ana "Marco confirmed the portal works for Globex."

open_ticket "2026-10-22 10:21" ben priya "Cannot log in to the customer portal" \
    --type technical --category authentication --label portal --label login
classify ben 2 2 --severity sev2
act ben 2 2 ack
act ben 1 1 take
act ben 3 3 update -m "This is part of a portal outage we are working on with priority; we will let you know as soon as it is fixed."
act ben 12 12 resolve --code duplicate \
    --resolution "Same outage as $INCIDENT_PORTAL (portal 503 for all tenants); Acme follows that ticket's updates." \
    --root-cause "See $INCIDENT_PORTAL."
confirm ben

open_ticket "2026-10-23 10:30" ana marco "How do I add a second bank account for payouts?" \
    --type customer --category payments --label how-to --label payouts
classify ana 2 10 --severity sev4
CONFIRM=no fcr ana no_fault \
    "Under Settings > Payouts > Bank accounts choose 'Add account'; you can then pick the account per currency." \
    "Explained how to add a payout account per currency."

# --- October, week 44 (the clocks went back on 25 October) --------------------------------

# A sev4 that took engineering more than six working days: misses its resolve target.
open_ticket "2026-10-26 09:10" ben raj "Times in the invoice history are one hour off since the clock change" \
    --type technical --category other --label timezone --label dst
classify ben 3 10 --severity sev4
act ben 20 60 ack
act ben 1 3 take
act ben 10 40 update -m "We reproduced it: entries since Sunday are shown one hour late. The stored times are correct."
act ben 60 240 escalate --reason complexity -m "Display bug after DST change."
act chen 30 120 take
act chen 20 60 escalate --reason expertise -m "History view formats with a fixed +02:00 offset."
act eli 120 400 take
act eli 600 900 update -m "The fix is planned for next week's release; stored data is correct, only the display is affected."
act eli 1300 1500 update -m "The fix is in the next release."
act eli 700 800 update -m "Released: the invoice history shows times in your account's time zone, daylight saving included."
act eli 10 40 resolve --code fixed \
    --resolution "The history view converts times with the account time zone instead of a fixed offset." \
    --root-cause "The invoice history formatted times with a fixed UTC+2 offset captured at deploy time."
confirm ben

open_ticket "2026-10-27 13:50" ana sam "Payment links expire right after they are sent" \
    --type technical --category payments --label payment-links
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced it with a link sent from your account and are investigating."
act ana 20 90 escalate --reason complexity -m "Link expiry wrong for Initech only."
act chen 10 40 take
act chen 60 180 update -m "Your account's link validity is set to 14 minutes instead of 14 days after last week's settings import. We corrected it; links sent before the fix need to be re-sent."
act chen 10 40 resolve --code fixed \
    --resolution "Set Initech's payment link validity back to 14 days; re-sent 23 expired links." \
    --root-cause "The settings import read the validity '14' in minutes instead of days."
confirm ana

open_ticket "2026-10-28 10:15" ben hana "Xero export creates duplicate contacts" \
    --type technical --category integration --label xero --label export
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see the duplicates created by yesterday's export and are looking into it."
act ben 30 90 escalate --reason complexity -m "Contact matching with Xero fails for some customers."
act dana 10 40 take
act dana 20 60 update -m "Could you tell us whether someone renamed contacts in Xero last week? Matching is by name and tax number."
act dana 5 15 wait --on customer -m "Asked Hana whether contacts were renamed or merged in Xero."
act dana 200 500 resume -m "Hana: their accountant merged contacts in Xero last week."
act dana 10 30 escalate --reason expertise -m "Exporter must match on Xero ContactID, not on name."
act eli 20 90 take
act eli 60 200 update -m "Fix is in testing; it matches contacts by their Xero id. We will also merge the duplicates."
act eli 120 300 update -m "Released, and the 18 duplicate contacts are merged."
act eli 10 40 resolve --code fixed \
    --resolution "The Xero exporter stores and matches Xero ContactIDs; 18 duplicates merged." \
    --root-cause "Contacts were matched on name, so contacts renamed or merged in Xero were created again."
confirm ben

open_ticket "2026-10-29 11:10" ana priya "Payment method update link returns 404" \
    --type technical --category payments --label payment-method
classify ana 3 10 --severity sev3
fcr ana workaround \
    "Links from before 20 October use the old portal address. We sent your customer a new link that works." \
    "Sent a new payment method update link; old links redirect after next week's release." \
    "Payment method links created before the portal move point at the retired address."

open_ticket "2026-10-29 15:00" ben ben "VPN profile fails on support laptops after the certificate renewal" \
    --type internal --category network --label vpn --label certificates
classify ben 2 10 --severity sev3
act eli 20 90 ack
act eli 1 3 take
act eli 30 120 update -m "The new VPN server certificate is signed by a CA the laptops do not trust yet; pushing the CA via MDM."
act eli 60 240 resolve --code fixed --resolution "Pushed the new internal CA to all support laptops through MDM; VPN connects again."
confirm ben

open_ticket "2026-10-30 09:45" ana ana "Customer search in the admin console takes 15 seconds" \
    --type internal --category performance --label admin-console --label slow
classify ana 2 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "Slow since the customer table passed 2 million rows; all agents affected."
act ana 20 60 escalate --to database --reason expertise -m "Query plan problem; needs a DBA."
act dana 60 200 update -m "DBA added an index on lower(email) and lower(name); searches take 80 ms now."
act dana 10 40 resolve --code fixed \
    --resolution "Added functional indexes for case-insensitive customer search." \
    --root-cause "Case-insensitive search used lower() on unindexed columns, forcing a full table scan."
confirm ana

# --- November, weeks 45 and 46 --------------------------------------------------------------

open_ticket "2026-11-02 10:20" ben lena "Invoice PDFs show Greek customer names as empty boxes" \
    --type technical --category billing --label pdf --label fonts
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We reproduced it with the Athens clinic's invoices and are investigating."
act ben 30 90 escalate --reason complexity -m "Font problem in PDF rendering."
act chen 10 40 take
act chen 10 30 escalate --reason expertise -m "Template font has no Greek glyphs; needs a fallback font in the renderer."
act eli 30 120 take
act eli 200 420 update -m "Fix in testing: a fallback font covers Greek and Cyrillic."
act eli 120 300 update -m "Released. Regenerate the affected PDFs from the invoice page to get the names printed."
act eli 10 40 resolve --code fixed \
    --resolution "Added a fallback font with Greek and Cyrillic glyphs to the PDF renderer." \
    --root-cause "The invoice template font has Latin glyphs only, and the renderer had no fallback."
confirm ben

open_ticket "2026-11-03 09:15" ana priya "Card brand icons missing on the hosted payment page" \
    --type technical --category payments --label payment-page
classify ana 2 10 --severity sev4
CONFIRM=no fcr ana no_fault \
    "The icons are blocked by a browser ad blocker in your screenshot; customers without it see them." \
    "Confirmed the icons load; an ad blocker on Priya's browser hid them." \
    "A browser extension blocked the icon file names."

# Fixed, reopened the next week, fixed again.
open_ticket "2026-11-04 13:30" ben sam "QuickBooks Online connection fails for Initech's new company" \
    --type technical --category integration --label quickbooks
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We see the failed connection attempts and are investigating."
act ben 30 90 escalate --reason complexity -m "OAuth connection to QuickBooks fails."
act dana 10 40 take
act dana 20 60 update -m "QuickBooks returns 'user not authorised'. Could the person connecting check they are an admin of the new company?"
act dana 5 15 wait --on customer -m "Asked Sam to connect with an admin user of the new QuickBooks company."
act dana 120 400 resume -m "Sam connected with the company admin."
act dana 10 40 update -m "The connection works; the first sync ran."
act dana 5 20 resolve --code no_fault \
    --resolution "Connected with an admin user of the QuickBooks company." \
    --root-cause "The connecting user was not an admin of the new QuickBooks company."
acto ben 900 1200 reopen --reason "The connection drops every night; Initech has to reconnect each morning."
act dana 10 40 update -m "We are looking at why the connection drops overnight."
act dana 60 200 update --internal -m "Refresh token is stored under the old company's realm id, so the nightly refresh fails for the new company."
act dana 60 200 update -m "Fixed: each QuickBooks company keeps its own token now. Please reconnect once more; it will stay connected."
act dana 10 40 resolve --code fixed \
    --resolution "Stored QuickBooks tokens per realm id; Initech reconnected once." \
    --root-cause "Tokens were stored per customer instead of per QuickBooks company, so the second company's refresh used the wrong token."
confirm ben

open_ticket "2026-11-05 10:00" ana hana "Webhook endpoint disabled after repeated failures" \
    --type customer --category api --label webhooks
classify ana 2 10 --severity sev4
fcr ana no_fault \
    "Endpoints are disabled after 3 days of failures; yours failed during your migration. It is enabled again and the missed events are replayed." \
    "Re-enabled Globex's webhook endpoint and replayed 1,203 events."

open_ticket "2026-11-09 08:45" ben lena "iDEAL payments fail for ING customers" \
    --type technical --category payments --label ideal --label payment-page \
    --body "Patients paying by iDEAL with ING get 'Payment failed' after selecting their bank."
classify ben 5 5 --severity sev2
act ben 8 8 ack
act ben 1 1 take
act ben 9 9 update -m "We are checking the failing iDEAL payments now."
act ben 22 22 escalate --reason expertise -m "Fails for one bank only; needs a payments specialist."
act chen 6 6 take
act chen 29 29 update -m "ING's iDEAL service has a disruption; payments with other banks work. We are monitoring it."
act chen 90 90 update -m "ING reports its iDEAL service is recovering."
act chen 20 20 update -m "iDEAL payments with ING succeed again."
act chen 15 15 resolve --code no_fault \
    --resolution "ING's iDEAL disruption ended at about 10:40 UTC; verified that payments with ING succeed." \
    --root-cause "An outage at ING's iDEAL issuer service."
confirm ben

# Acknowledged more than a working day late.
open_ticket "2026-11-10 14:00" ben olga "Send Stark Freight invoices to the new accounts payable mailbox" \
    --type customer --category billing --label contacts
classify ben 5 20 --severity sev4
act ana 500 560 ack
act ana 1 3 take
act ana 10 30 update -m "Sorry for the delay. From today invoices go to ap@starkfreight.example; we removed the old address."
act ana 5 20 resolve --code fixed --resolution "Changed Stark Freight's invoice recipient to ap@starkfreight.example."
confirm ana

open_ticket "2026-11-11 09:50" ana jonas "Monthly ledger export fails with 'out of memory'" \
    --type technical --category data-export --label export --label ledger
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 10 40 update -m "We reproduced the failure with your October ledger and are investigating."
act ana 20 60 escalate --reason complexity -m "Export worker runs out of memory."
act chen 10 30 take
act chen 20 60 escalate --reason expertise -m "Ledger export builds the whole file in memory."
act eli 20 60 take
act eli 120 240 update -m "Until the exporter streams its output, export the ledger per half month: both halves work."
act eli 10 40 resolve --code workaround \
    --resolution "Workaround: export the ledger in two halves; streaming export is planned." \
    --root-cause "The ledger exporter holds the whole file in memory; October (1.9 million lines) exceeded the worker's limit."

open_ticket "2026-11-12 11:30" ana lena "Delete a former employee's personal data (GDPR request)" \
    --type customer --category other --label gdpr --label privacy
classify ana 3 10 --severity sev3
act ana 10 40 ack
act ana 1 3 take
act ana 20 60 escalate --to security --reason expertise -m "Erasure requests go through the security team."
act ana 30 90 update -m "The security team is processing the erasure; invoices keep the name for the legal retention period."
act ana 120 220 update -m "The user account and its personal data are deleted; invoices keep only what tax law requires."
act ana 10 30 resolve --code fixed --resolution "Erased the user's account and personal data; invoices retain legally required fields only."

open_ticket "2026-11-13 10:10" ben grace "Tax report shows 0% VAT for Belgian customers" \
    --type technical --category billing --label vat --label reports
classify ben 3 10 --severity sev3
act ben 10 40 ack
act ben 1 3 take
act ben 10 40 update -m "We reproduced it: Belgian sales show 0% VAT in the report, while the invoices are correct."
act ben 30 90 escalate --reason complexity -m "Report uses a rate table that lacks Belgium."
act dana 10 40 take
act dana 60 200 update -m "The report's rate table lost Belgium in the 1 November update. We restored it; please run the report again."
act dana 10 40 resolve --code fixed \
    --resolution "Restored the Belgian VAT rates in the report's rate table; November report re-run." \
    --root-cause "The 1 November rate table update dropped Belgium."

# =============================================================================================
# Post-incident reviews: every ticket the policy requires one for gets one, written by its
# assignee a day or two after the resolve, filled in, given action items and published
# (a few late). Action items of the older incidents are done by now.
# =============================================================================================

epoch_of() { # RFC 3339 -> E (epoch seconds)
    E=$(date -u -d "$1" +%s) || die "cannot read the time '$1'"
}

# The ticket's front-matter value of KEY (one line), quotes removed.
field() { awk -v k="$1" '$0 ~ "^" k ": " { sub("^" k ": ", ""); gsub(/^'"'"'|'"'"'$/, ""); print; exit }' "$FILE"; }

agent_of() { # IDENTITY -> WHO (an AGENT key; eli when unknown)
    WHO=eli
    local key
    for key in "${!AGENT[@]}"; do [[ ${AGENT[$key]} == "$1" ]] && WHO=$key; done
    return 0
}

# fill_section FILE HEADING TEXT: puts TEXT under the heading line (`## Summary`), after its
# comment line.
fill_section() {
    awk -v heading="$2" -v text="$3" '
        $0 == heading { inside = 1 }
        { print }
        inside && /-->$/ { print ""; print text; inside = 0 }
    ' "$1" >"$1.new" && mv "$1.new" "$1"
}

DETECTIONS=(
    "The customer reported it to L1 before any alert fired; our monitoring does not cover this path."
    "An error-rate alert paged the on-call engineer within ten minutes; L1 linked the first customer reports to it."
    "A frontline agent noticed several tickets with the same symptom within an hour and raised it."
    "The nightly reconciliation job flagged the mismatch; L1 confirmed it with the customer the next morning."
)
WELL=(
    "- L1 escalated early, with the reproduction steps attached.\n- Updates to the customer went out on time."
    "- The workaround was found quickly and shared with the other affected customers.\n- The vendor case was opened with all the details the vendor needed."
    "- The specialist on duty took over within minutes.\n- The history made the hand-offs easy to follow."
)
POORLY=(
    "- Time was lost looking at our own recent release first."
    "- The first update to the customer was late.\n- The runbook for this area was out of date."
    "- Two people worked on the same lead without knowing it."
)
declare -A LESSON=(
    [payments]="When charges fail, check the payment provider's status and our timeout logs before anything else."
    [billing]="Billing changes need a test against last month's real invoices before release."
    [invoicing]="Invoice output must be checked against the customer's own totals, not only ours."
    [authentication]="Every identity-provider change needs a sign-in test by a real user before it is announced."
    [api]="Retries without idempotency turn a slow dependency into duplicates; make every write safe to retry."
    [integration]="Vendor-side changes reach us without notice: alert on their error rates, not only ours."
    [database]="Migrations on large tables need a dry run on a production-sized copy."
    [performance]="Set a time budget per report and alert when a customer's query passes it."
    [network]="Keep the network vendor's escalation contacts in the runbook, checked every quarter."
    [reporting]="Reports are read by finance teams on fixed days: test changes before month end, not after."
)
ACTIONS=(
    "detect|Alert on the error rate of this path, not only on HTTP 5xx"
    "prevent|Add a regression test built from this incident"
    "process|Update the L1 runbook with the symptoms and the workaround"
    "mitigate|Document how to switch to the fallback and rehearse it once"
    "repair|Check the affected customers' records and correct them"
)

review_tickets() {
    local json id rel resolved last owner_id owner late=0 n=0
    json=$("$ESC" -C "$REPO" check --now 2026-11-19T23:00:00Z --format json 2>/dev/null) || true
    mapfile -t need < <(printf '%s\n' "$json" | awk -F'"' '
        $2 == "ticket" { ticket = $4 }
        $2 == "problem" && $4 == "missing" { print ticket }')
    for id in "${need[@]}"; do
        n=$((n + 1))
        ID=$id FILE=$(printf '%s\n' "$REPO"/tickets/*/*/"$ID".md) TITLE=$(field title)
        rel=${FILE#"$REPO"/}
        epoch_of "$(awk '/^  action: resolve$/ { found = prev } /^- at: / { prev = $3 } END { print found }' "$FILE")"
        resolved=$E
        epoch_of "$(awk '/^- at: / { t = $3 } END { print t }' "$FILE")"
        last=$E
        agent_of "$(field assignee)"; owner=$WHO
        # Written one or two working days after the resolve, after the last event.
        rnd 240 900; office_add "$resolved" "$R"; NOW=$RESULT
        (( NOW > last )) || NOW=$(( last + 3600 ))
        (( NOW < CUTOFF - 86400 )) || NOW=$(( CUTOFF - 86400 ))
        (( NOW > last )) || NOW=$(( last + 600 ))
        esc_as "$owner" review "$ID"

        local review=$REPO/reviews/$ID.md category resolution cause sev
        category=$(field category) resolution=$(field resolution) cause=$(field root_cause) sev=$(field severity)
        [[ -n $cause ]] || cause="the change behind it had no test for this case."
        fill_section "$review" "## Summary" "$TITLE. ${resolution:-Resolved.}"
        fill_section "$review" "## Impact" "- ${sev:-unclassified} for $(field customer || true); see the timeline for how long.\n- No data was lost."
        rnd 0 $(( ${#DETECTIONS[@]} - 1 )); fill_section "$review" "## Detection" "${DETECTIONS[$R]}"
        sed -i "s|^1\. Why? Because …$|1. Why did it happen? Because ${cause//|/\\|}|" "$review"
        sed -i "s|^2\. Why? Because …$|2. Why was it not caught before release? Because no test covered this case.|" "$review"
        fill_section "$review" "## Contributing factors" "The root cause recorded on the ticket, and a gap in our checks that let it through."
        fill_section "$review" "### Mitigation" "${resolution:-See the ticket.}"
        fill_section "$review" "### Permanent fix" "Tracked as the action items below."
        rnd 0 $(( ${#WELL[@]} - 1 )); fill_section "$review" "## What went well" "${WELL[$R]}"
        rnd 0 $(( ${#POORLY[@]} - 1 )); fill_section "$review" "## What went poorly" "${POORLY[$R]}"
        fill_section "$review" "## Lessons learned" "${LESSON[$category]:-Write down the symptom and the fix where L1 will search for it.}"
        NOW=$(( NOW + 1800 ))
        fmt_utc "$NOW"
        local name=${AGENT[$owner]% <*} email=${AGENT[$owner]##*<}
        GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=${email%>} GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=${email%>} \
        GIT_AUTHOR_DATE=$TS GIT_COMMITTER_DATE=$TS git -C "$REPO" commit -q -am "Review of $ID: first draft"

        local action kind owner2 keys=(ana ben chen dana eli)
        rnd 0 $(( ${#ACTIONS[@]} - 1 )); action=${ACTIONS[$R]}
        rnd 0 4; owner2=${keys[$R]}
        NOW=$(( NOW + 600 ))
        esc_as "$owner" review "$ID" --action "${action#*|}" --type "${action%%|*}" --owner "${AGENT[$owner2]}" --due 10d

        # Published within the due time, except every fourth, which is a day or two late.
        local due
        epoch_of "$(awk '/^due: / { print $2; exit }' "$review")"; due=$E
        if (( n % 4 == 0 )); then rnd 480 960; office_add "$due" "$R"; else rnd 60 600; office_add "$NOW" "$R"; fi
        NOW=$RESULT
        (( NOW < CUTOFF - 3600 )) || NOW=$(( CUTOFF - 3600 ))
        esc_as "$owner" review "$ID" --publish

        # The older incidents' action items are done.
        if (( resolved < CUTOFF - 28 * 86400 )); then
            rnd 1200 3600; office_add "$NOW" "$R"; NOW=$RESULT
            (( NOW < CUTOFF - 600 )) || NOW=$(( CUTOFF - 600 ))
            esc_as "$owner2" review "$ID" --done A1
        fi
        REVIEWED+=("reviews/$ID.md")
    done
}

REVIEWED=()
review_tickets

# =============================================================================================
# Check the result and copy it into sample-repo.
# =============================================================================================

"$ESC" -C "$REPO" lint >/dev/null 2>&1 || { "$ESC" -C "$REPO" lint >&2 || true; die "esc lint found problems in the generated repository"; }
git -C "$REPO" diff --quiet HEAD || die "the generated repository has uncommitted changes"

mapfile -t generated < <(cd "$REPO" && printf '%s\n' tickets/*/*/*.md | sort)

summary() { # FILES...: counts by month, status, severity and level
    echo "$# tickets by month:$(printf '%s\n' "$@" | awk -F/ '{ print $(NF - 2) "-" $(NF - 1) }' |
        sort | uniq -c | awk '{ printf " %s %s", $2, $1 }')"
    awk '
        /^status: /   { count["status " $2]++ }
        /^severity: / { count["severity " $2]++ }
        /^level: /    { count["level " $2]++ }
        /^  action: escalate$/ { escalations++ }
        /^  action: reopen$/   { reopens++ }
        END {
            split("status new acknowledged in_progress waiting resolved closed|severity sev1 sev2 sev3 sev4|level L1 L2 L3", groups, "|")
            for (g = 1; g <= 3; g++) {
                k = split(groups[g], w, " "); line = w[1] ":"
                for (i = 2; i <= k; i++) if ((w[1] " " w[i]) in count) line = line " " w[i] " " count[w[1] " " w[i]]
                print line
            }
            print "escalate actions: " escalations + 0 ", reopens: " reopens + 0
        }' "$@"
}

if (( ! copy )); then
    (cd "$REPO" && summary "${generated[@]}")
    exit 0
fi

if (( force )); then
    for p in "${previous[@]}"; do rm -f -- "${ROOT:?}/$p"; done
fi
# The manifest first, so that whatever happens next, every file written is on it.
{
    echo "# Written by test-data/generate-sample-history.sh: the ticket files it generated."
    echo "# --force deletes exactly these files before writing new ones."
    for rel in "${generated[@]}" "${REVIEWED[@]}"; do echo "sample-repo/$rel"; done
} >"$MANIFEST"
for rel in "${generated[@]}" "${REVIEWED[@]}"; do
    dest=sample-repo/$rel
    [[ $dest =~ $MANIFEST_LINE ]] || die "unexpected generated path: $rel"
    [[ -e $ROOT/$dest ]] && die "$dest already exists"
    mkdir -p "$(dirname "$ROOT/$dest")"
    cp "$REPO/$rel" "$ROOT/$dest"
done

(cd "$ROOT/sample-repo" && summary "${generated[@]}")
echo "wrote ${#generated[@]} tickets under sample-repo/tickets/ and ${#REVIEWED[@]} reviews under sample-repo/reviews/, listed in test-data/generated-tickets.txt"
"$ESC" -C "$SAMPLE" lint >/dev/null 2>&1 ||
    echo "warning: 'esc -C sample-repo lint' reports problems; run it to see them" >&2
