#!/usr/bin/env bash
# The README's walk-through, end to end, against a running system (`npm start`): a petition becomes
# a clue, an inquiry, a verification and a closed case, and the reporter gets the feedback.
# Prints each answer on its own line. Ids come from the answers; the asynchronous steps (the clue,
# the inquiry, the verification travel as events) are waited for with a bounded poll.
#   bash scripts/walkthrough.sh                       # against http://localhost:3000/api/v1
#   API=http://localhost:3900/api/v1 bash scripts/walkthrough.sh
# Each run registers its own zone and unit (RUN, default: the time), so it can be run again.
# Needs curl and python3. Exit status 0 when every step answered as expected.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

API=${API:-http://localhost:3000/api/v1}
RUN=${RUN:-$(date +%s)}
Z=z-$RUN U=u-$RUN
J='Content-Type: application/json'

T() { npm run -s token -- "$@"; } # development tokens (JWT_SECRET, else the development default)
CM=$(T --sub cm1 --name 李四 --office case-management --roles staff)
PO=$(T --sub po1 --name 张三 --office petition-office --roles staff)
S1=$(T --sub s1 --name 王五 --office supervision-office-1 --roles staff --zones "$Z")
LD=$(T --sub ld1 --name 赵六 --office leadership --roles leader)

# One step: prints the answer; fails the script (with the answer) on an HTTP status >= 400.
call() {
  local method=$1 path=$2 token=$3 body=${4:-}
  local args=(-s -X "$method" "$API$path" -H "Authorization: Bearer $token" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H "$J" -d "$body")
  local answer status
  answer=$(curl "${args[@]}")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  answer=${answer%$'\n'} # the gateway ends each answer with a newline
  printf '%s %s → %s %s\n' "$method" "$path" "$status" "$answer" >&2
  if [ "$status" -ge 400 ]; then
    echo "walkthrough: $method $path answered $status" >&2
    exit 1
  fi
  printf '%s\n' "$answer"
}
# A field of a JSON answer on stdin, e.g. field '["items"][0]["id"]'.
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
# Polls a GET until the python expression on its answer `d` is true (at most 30 s).
wait_for() {
  local path=$1 token=$2 condition=$3 what=$4
  for _ in $(seq 1 60); do
    if curl -s "$API$path" -H "Authorization: Bearer $token" |
      python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($condition) else 1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "walkthrough: $what did not happen within 30 s" >&2
  exit 1
}

echo "# 案管室 registers a cooperation zone and a unit in it" >&2
call POST /zones "$CM" "{\"id\":\"$Z\",\"name\":\"第一协作区\",\"office\":\"supervision-office-1\"}" >/dev/null
call POST /units "$CM" "{\"id\":\"$U\",\"name\":\"某街道办事处\",\"zoneId\":\"$Z\",\"staffCount\":120}" >/dev/null

echo "# 信访室 registers a real-name petition: the reporter goes into the vault, never into an event" >&2
R=$(call POST /petitions "$PO" "{\"channel\":\"letter\",\"realName\":true,
  \"reporter\":{\"name\":\"举报人\",\"phone\":\"13800138000\",\"idNumber\":\"610111199001011234\",\"address\":\"某路1号\"},
  \"accused\":{\"name\":\"被反映人\",\"position\":\"主任\",\"unitId\":\"$U\"},
  \"categories\":[\"eight-rules.banqueting\"],\"category\":\"违规吃喝\",\"summary\":\"公款吃喝\",\"content\":\"详细内容\"}")
P=$(echo "$R" | field '["id"]')
CODE=$(echo "$R" | field '["lookupCode"]')
call POST "/petitions/$P/accept" "$PO" >/dev/null
call POST "/petitions/$P/transfer" "$PO" >/dev/null
call GET "/lookup/$CODE" "$PO" >/dev/null # the reporter's view: status and date only
call GET "/petitions/$P/reporter?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD" "$PO" >/dev/null # a recorded read

echo "# 案管 registers the clue on its own (PetitionTransferred → RegisterClue): numbered, routed to 一室" >&2
C=c-$P
wait_for "/clues/$C" "$S1" "d.get('id') == '$C'" "the clue's registration"
call POST "/clues/$C/disposition" "$S1" '{"kind":"inquiry","reason":"问题具体，建议函询"}' >/dev/null
call POST "/clues/$C/disposition/approve" "$LD" '{"note":"同意"}' >/dev/null

echo "# the approval opens the inquiry (谈话函询) on its own; the office sends a letter" >&2
I=i-$C
wait_for "/inquiries/$I" "$S1" "d.get('id') == '$I'" "the inquiry's opening"
call POST "/inquiries/$I/letter" "$S1" '{"issueSummary":"反映违规接受宴请问题，请书面说明"}' >/dev/null
call GET "/clocks?state=running" "$S1" >/dev/null # 函询回复 15 个工作日
call POST "/inquiries/$I/reply" "$S1" '{"summary":"本人书面说明"}' >/dev/null
call POST "/inquiries/$I/assess" "$S1" '{"outcome":"convert-to-verification","note":"转初核"}' >/dev/null
call POST "/inquiries/$I/conclude" "$S1" '{"conclusion":"转初步核实"}' >/dev/null

echo "# the conversion opens the preliminary verification (初步核实)" >&2
V=v-$C
wait_for "/verifications/$V" "$S1" "d.get('id') == '$V'" "the verification's opening"
call POST "/verifications/$V/plan" "$S1" '{"plan":"调取账目","team":["甲","乙"],"subjectHeadsLowerCommittee":false}' >/dev/null
call POST "/verifications/$V/approve" "$LD" '{}' >/dev/null
call POST "/verifications/$V/report" "$S1" '{"findings":"部分属实"}' >/dev/null
call POST "/verifications/$V/decide" "$S1" '{"decision":"close","note":"予以了结"}' >/dev/null

echo "# the clue and the petition follow the outcome; the reporter is told" >&2
wait_for "/clues/$C" "$S1" "d.get('status') == 'closed'" "the clue's closing"
wait_for "/petitions/$P" "$PO" "d.get('status') == 'concluded'" "the petition's conclusion"
call POST "/petitions/$P/feedback" "$PO" '{"note":"已告知办理结果"}' >/dev/null
call GET "/petitions/$P" "$PO" >/dev/null

echo "walkthrough: done (petition $P, clue $C)" >&2
echo "$P"
