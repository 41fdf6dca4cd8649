#!/bin/sh
# tests/web/run_auth_tests.sh BIN — accounts against a running `quire
# serve`: sign in with a cookie jar (the pre-session CSRF token from GET
# /signin, then the credentials), sign-in without or with a wrong CSRF
# token (403), the same answer for an unknown user and a wrong password,
# rate limiting (429 with Retry-After), cookie attributes (HttpOnly,
# SameSite=Lax), sign-out (the old session cookie stops working), an
# invitation link used twice (410), reset links used twice and expired
# (410; the expiry is moved into the past with the sqlite3 CLI), the
# account page (change password, wrong current password), the admins'
# users page (invite, role, reset, remove; 403 for members), API tokens
# (Bearer needs no CSRF; a bad token is anonymous) and `quire user`.
#
# Each check prints "ok N - name" or "not ok N - name"; the last line is
# "P passed, F failed"; the exit status is non-zero when any failed.
# Needs curl and sqlite3 (tools/deps.sh installs both).  POSIX sh.
set -u

BIN=${1:?usage: run_auth_tests.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

for tool in curl sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$tool not found"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/quire-auth.XXXXXX") || exit 2
PID=""
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
cd "$T" || exit 2

n=0
passed=0
failed=0
LIB=$T/library.quire
unset QUIRE_LIBRARY XDG_DATA_HOME QUIRE_BASE_URL
export HOME="$T/home"

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1 (status $code)"
	if [ -s hdr ]; then sed -n '1,8s/^/#   header: /p' hdr; fi
	if [ -s body ]; then sed -n '1,4s/^/#   body: /p' body; fi
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
has() { grep -q -- "$1" "$2"; }
hasi() { grep -qi -- "$1" "$2"; }
is() { [ "$code" = "$1" ]; }

# req JAR METHOD PATH [curl args...]: status in code, headers in hdr, body
# in body; JAR is the cookie jar ("-" for none).
req() {
	jar=$1
	m=$2
	p=$3
	shift 3
	if [ "$jar" = - ]; then
		code=$(curl -s -o body -D hdr -w '%{http_code}' -X "$m" "$@" "$URL$p") || code=000
	else
		code=$(curl -s -o body -D hdr -w '%{http_code}' -b "$jar" -c "$jar" -X "$m" "$@" "$URL$p") || code=000
	fi
}
# The CSRF token of the last page's form.
csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' body | head -n 1; }

# signin JAR NAME PASSWORD: GET /signin then POST it (status in code).
signin() {
	req "$1" GET /signin
	tok=$(csrf)
	req "$1" POST /signin --data-urlencode "csrf=$tok" \
		--data-urlencode "name=$2" --data-urlencode "password=$3"
}

# pre JAR: a fresh visitor's jar and CSRF token (in tok), from GET /signin.
pre() {
	rm -f "$1"
	req "$1" GET /signin
	tok=$(csrf)
}

# A link's token from a URL printed by quire user invite/reset.
tok_of() { echo "${1##*/}"; }

# ---- the library and the server ----

"$BIN" --library "$LIB" init >/dev/null 2>&1 || { echo "init failed"; echo "0 passed, 1 failed"; exit 1; }
printf 'admin password 1\n' | "$BIN" --library "$LIB" user add root --role admin >/dev/null
printf 'member password\n' | "$BIN" --library "$LIB" user add mia --role member >/dev/null

"$BIN" --library "$LIB" serve --port 0 >serve.out 2>serve.err &
PID=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^quire: serving' serve.out 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
URL=$(sed -n 's/^quire: serving .* at \(http[^ ]*\) (Ctrl-C to stop)$/\1/p' serve.out)
URL=${URL%/}
if [ -z "$URL" ]; then
	echo "server did not start:"
	cat serve.out serve.err
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- the CLI ----

code=-
"$BIN" --library "$LIB" user list >body 2>&1
check "user list shows both users" sh -c 'grep -q "^root .*admin .*active" body && grep -q "^mia .*member" body'
"$BIN" --library "$LIB" user list --json >body 2>&1
check "user list --json" has '"name":"mia","role":"member","status":"active"' body
printf 'short\n' | "$BIN" --library "$LIB" user add shorty >body 2>&1
check "user add refuses a short password" has "at least 8" body
printf 'long enough\n' | "$BIN" --library "$LIB" user add MIA >body 2>&1
check "user add refuses a name taken in another case" has "already a user named" body
"$BIN" --library "$LIB" user rm root >body 2>&1
check "user rm refuses the last admin" has "last admin" body
"$BIN" --library "$LIB" user role nobody member >body 2>&1
rc=$?
check "user role of an unknown user: exit 4" sh -c "[ $rc -eq 4 ] && grep -q 'no such user' body"

# ---- signing in ----

J="jar-mia"
req "$J" GET /signin
check "GET /signin: 200 with a form" sh -c "[ $code = 200 ] && grep -q 'name=\"csrf\"' body && grep -q '<label for=\"password\"' body"
check "GET /signin sets the pre-session cookie HttpOnly, SameSite=Lax" sh -c "grep -i '^set-cookie: quire_pre=' hdr | grep -qi 'HttpOnly' && grep -i '^set-cookie: quire_pre=' hdr | grep -qi 'SameSite=Lax'"
tok=$(csrf)

req "$J" POST /signin --data-urlencode "name=mia" --data-urlencode "password=member password"
check "sign-in without a CSRF token: 403" is 403
req "$J" POST /signin --data-urlencode "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" --data-urlencode "name=mia" --data-urlencode "password=member password"
check "sign-in with a wrong CSRF token: 403" is 403
req - POST /signin --data-urlencode "csrf=$tok" --data-urlencode "name=mia" --data-urlencode "password=member password"
check "sign-in with the token but without its cookie: 403" is 403

req "$J" POST /signin --data-urlencode "csrf=$tok" --data-urlencode "name=mia" --data-urlencode "password=member password"
check "sign-in: 303" is 303
check "the session cookie is HttpOnly and SameSite=Lax" sh -c "grep -i '^set-cookie: quire_session=' hdr | grep -qi 'HttpOnly' && grep -i '^set-cookie: quire_session=' hdr | grep -qi 'SameSite=Lax'"
check "the session cookie lasts 14 days" sh -c "grep -i '^set-cookie: quire_session=' hdr | grep -q 'Max-Age=1209600'"
SESSION=$(awk '$6 == "quire_session" { print $7 }' "$J")
req "$J" GET /account
check "signed in: /account shows the user" sh -c "[ $code = 200 ] && grep -q 'Signed in as <strong>mia</strong>' body"
check "the page carries a sign-out form with the CSRF token" sh -c "grep -q 'action=\"/signout\"' body && grep -q 'name=\"csrf\" value=\"[A-Za-z0-9_-]\\{43\\}\"' body"
MIA_CSRF=$(csrf)

# ---- failures: one message; rate limiting ----

J2="jar-x"
signin "$J2" nobody "whatever it is"
cp body body-unknown
check "unknown user: the sign-in form again, a plain message" sh -c "[ $code = 200 ] && grep -q 'The user name or the password is wrong.' body"
signin "$J2" root "wrong password"
check "wrong password: the same message" sh -c "[ $code = 200 ] && grep -q 'The user name or the password is wrong.' body"
i=2
while [ $i -le 5 ]; do
	signin "$J2" root "wrong password $i"
	i=$((i + 1))
done
check "5th wrong password: still 200" is 200
signin "$J2" root "admin password 1"
check "6th attempt (even right): 429" is 429
check "429 has Retry-After" sh -c "grep -qi '^Retry-After: [0-9]' hdr"
check "429 says so plainly" has "too many failed attempts" body
sqlite3 "$LIB" "DELETE FROM login_attempts;" 2>/dev/null
signin "$J2" root "admin password 1"
check "after the window (attempts cleared): admin signs in" is 303

# ---- signing out ----

J3="jar-out"
signin "$J3" mia "member password"
OUT_SESSION=$(awk '$6 == "quire_session" { print $7 }' "$J3")
req "$J3" GET /account
t=$(csrf)
req "$J3" POST /signout
check "sign-out without CSRF: 403" is 403
req "$J3" POST /signout --data-urlencode "csrf=$t"
check "sign-out: 303" is 303
check "sign-out deletes the cookie" sh -c "grep -i '^set-cookie: quire_session=' hdr | grep -qi 'Max-Age=0'"
req - GET /account -H "Cookie: quire_session=$OUT_SESSION"
check "the signed-out session cookie no longer works" sh -c "[ $code = 303 ] && grep -qi '^location: .*/signin' hdr"
req - GET /account -H "Cookie: quire_session=$SESSION"
check "another session of the same user still works" is 200

# ---- invitations ----

INV=$("$BIN" --library "$LIB" user invite nora --role member --base-url "$URL")
check "user invite prints a link" sh -c "echo '$INV' | grep -q '^$URL/invite/[A-Za-z0-9_-]\\{43\\}\$'"
J4="jar-nora"
req "$J4" GET "/invite/$(tok_of "$INV")"
check "GET the invite: 200 with a form" sh -c "[ $code = 200 ] && grep -q 'Welcome, nora' body"
t=$(csrf)
req "$J4" POST "/invite/$(tok_of "$INV")" --data-urlencode "password=nora password" --data-urlencode "confirm=nora password"
check "accepting without CSRF: 403" is 403
req "$J4" POST "/invite/$(tok_of "$INV")" --data-urlencode "csrf=$t" --data-urlencode "password=nora password" --data-urlencode "confirm=nora other"
check "passwords that differ: the form again" sh -c "[ $code = 200 ] && grep -q 'not the same' body"
req "$J4" POST "/invite/$(tok_of "$INV")" --data-urlencode "csrf=$t" --data-urlencode "password=short" --data-urlencode "confirm=short"
check "too short a password: the form again (the link still works)" sh -c "[ $code = 200 ] && grep -q 'at least 8' body"
req "$J4" POST "/invite/$(tok_of "$INV")" --data-urlencode "csrf=$t" --data-urlencode "password=nora password" --data-urlencode "confirm=nora password"
check "accepting the invite: 303, signed in" sh -c "[ $code = 303 ] && grep -qi '^set-cookie: quire_session=' hdr"
req "$J4" GET "/invite/$(tok_of "$INV")"
check "the invite used twice (GET): 410" sh -c "[ $code = 410 ] && grep -q 'expired or was already used' body"
pre jar-again
req jar-again POST "/invite/$(tok_of "$INV")" --data-urlencode "csrf=$tok" --data-urlencode "password=nora password" --data-urlencode "confirm=nora password"
check "the invite used twice (POST): 410" sh -c "[ $code = 410 ] && grep -q 'expired or was already used' body"
req - GET "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
check "a made-up invite: 410" is 410
signin jar-nora2 nora "nora password"
check "the invited user signs in with the chosen password" is 303

# ---- reset links ----

RST=$("$BIN" --library "$LIB" user reset nora --base-url "$URL")
J5="jar-reset"
req "$J5" GET "/reset/$(tok_of "$RST")"
check "GET the reset link: 200" sh -c "[ $code = 200 ] && grep -q 'Choose a new password' body"
t=$(csrf)
req "$J5" POST "/reset/$(tok_of "$RST")" --data-urlencode "csrf=$t" --data-urlencode "password=nora new password" --data-urlencode "confirm=nora new password"
check "using the reset link: 303" is 303
pre jar-again
req jar-again POST "/reset/$(tok_of "$RST")" --data-urlencode "csrf=$tok" --data-urlencode "password=nora third one" --data-urlencode "confirm=nora third one"
check "the reset link used twice: 410" sh -c "[ $code = 410 ] && grep -q 'expired or was already used' body"
req jar-nora2 GET /account
check "the reset signed the user out elsewhere" is 303

RST2=$("$BIN" --library "$LIB" user reset nora --base-url "$URL")
sqlite3 "$LIB" "UPDATE tokens SET expires = 1 WHERE kind = 'reset';"
pre jar-again
req jar-again GET "/reset/$(tok_of "$RST2")"
check "an expired reset link (GET): 410" is 410
req jar-again POST "/reset/$(tok_of "$RST2")" --data-urlencode "csrf=$tok" --data-urlencode "password=nora third one" --data-urlencode "confirm=nora third one"
check "an expired reset link (POST): 410" is 410
signin jar-nora3 nora "nora new password"
check "the password set by the reset works" is 303

# ---- own password ----

req "$J" POST /account --data-urlencode "csrf=$MIA_CSRF" --data-urlencode "current=not it" --data-urlencode "password=member password 2" --data-urlencode "confirm=member password 2"
check "change password with a wrong current one: refused" sh -c "[ $code = 200 ] && grep -q 'current password is wrong' body"
req "$J" POST /account --data-urlencode "current=member password" --data-urlencode "password=member password 2" --data-urlencode "confirm=member password 2"
check "change password without CSRF: 403" is 403
req "$J" POST /account --data-urlencode "csrf=$MIA_CSRF" --data-urlencode "current=member password" --data-urlencode "password=member password 2" --data-urlencode "confirm=member password 2"
check "change password: 303 and a new session cookie" sh -c "[ $code = 303 ] && grep -qi '^set-cookie: quire_session=' hdr"
req "$J" GET /account
check "the new session works" is 200
MIA_CSRF=$(csrf)

# ---- the users page ----

req "$J" GET /admin/users
check "a member gets 403 on /admin/users" is 403
req - GET /admin/users
check "a visitor is sent to sign in" sh -c "[ $code = 303 ] && grep -qi '^location: /signin?next=/admin/users' hdr"
JA="jar-admin"
signin "$JA" root "admin password 1"
req "$JA" GET /admin/users
check "an admin sees every user with their role" sh -c "[ $code = 200 ] && grep -q '<th scope=\"row\">mia</th><td>member</td>' body && grep -q '<th scope=\"row\">nora</th>' body"
A_CSRF=$(csrf)
req "$JA" POST /admin/users --data-urlencode "action=invite" --data-urlencode "name=otto" --data-urlencode "role=reader"
check "users page POST without CSRF: 403" is 403
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=invite" --data-urlencode "name=otto" --data-urlencode "role=reader"
check "inviting on the web shows the link once" sh -c "[ $code = 200 ] && grep -q 'value=\"http://[^\"]*/invite/[A-Za-z0-9_-]\\{43\\}\"' body"
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=invite" --data-urlencode "name=<b>x" --data-urlencode "role=reader"
check "a bad name is refused, escaped" sh -c "[ $code = 400 ] && ! grep -q '<b>x' body"
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=role" --data-urlencode "name=mia" --data-urlencode "role=reader"
check "changing a role: 303" is 303
"$BIN" --library "$LIB" user list >body
check "the role changed" grep -q "^mia .*reader" body
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=reset" --data-urlencode "name=mia"
check "a reset link on the web" sh -c "[ $code = 200 ] && grep -q '/reset/[A-Za-z0-9_-]\\{43\\}\"' body"
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=remove" --data-urlencode "name=root" --data-urlencode "confirm=1"
check "removing the last admin: refused" sh -c "[ $code = 400 ] && grep -q 'last admin' body"
req "$JA" POST /admin/users --data-urlencode "csrf=$A_CSRF" --data-urlencode "action=remove" --data-urlencode "name=nora" --data-urlencode "confirm=1"
check "removing a user: 303" is 303
req jar-nora3 GET /account
check "a removed user's session no longer works" is 303

# ---- API tokens ----

TOKEN=$("$BIN" --library "$LIB" user token root --label tests)
check "user token prints a token" sh -c "echo '$TOKEN' | grep -q '^[A-Za-z0-9_-]\\{43\\}\$'"
req - POST /admin/users -H "Authorization: Bearer $TOKEN" --data-urlencode "action=role" --data-urlencode "name=mia" --data-urlencode "role=member"
check "a Bearer request needs no CSRF" is 303
req - POST /admin/users -H "Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" --data-urlencode "action=role" --data-urlencode "name=mia" --data-urlencode "role=admin"
check "a bad Bearer token is anonymous" sh -c "[ $code = 303 ] && grep -qi '^location: /signin' hdr"
req - GET /account -H "Authorization: Bearer $TOKEN" -H "Cookie: quire_session=$SESSION"
check "Bearer wins over a cookie (no mixing)" sh -c "[ $code = 200 ] && grep -q 'Signed in as <strong>root</strong>' body"

# ---- own API tokens (account page) ----

req "$J" GET /account
MIA_CSRF=$(csrf)
check "the account page has an API tokens section, none yet" sh -c "[ $code = 200 ] && grep -q 'id=\"tokens\"' body && grep -q 'You have no API tokens' body"
req "$J" POST /account/tokens --data-urlencode "action=new" --data-urlencode "label=backup <script>"
check "make a token without CSRF: 403" is 403
req "$J" POST /account/tokens --data-urlencode "csrf=$MIA_CSRF" --data-urlencode "action=new" --data-urlencode "label=backup <script>"
MIA_TOKEN=$(sed -n 's/.*<code class="token">\([A-Za-z0-9_-]*\)<\/code>.*/\1/p' body)
check "make a token: shown once, not cached, label escaped and listed" sh -c "[ $code = 200 ] && echo '$MIA_TOKEN' | grep -q '^[A-Za-z0-9_-]\{43\}\$' && grep -qi '^cache-control: no-store' hdr && grep -q 'backup &lt;script&gt;' body && ! grep -q 'backup <script>' body"
req - GET /account -H "Authorization: Bearer $MIA_TOKEN"
check "the new token signs mia in" sh -c "[ $code = 200 ] && grep -q 'Signed in as <strong>mia</strong>' body"
req "$J" GET /account
check "the token is listed, but not the token itself" sh -c "[ $code = 200 ] && grep -q 'backup &lt;script&gt;' body && ! grep -q '$MIA_TOKEN' body"
MIA_HASH=$(sed -n 's/.*name="token" value="\([0-9a-f]\{64\}\)".*/\1/p' body | head -n 1)
req - POST /account/tokens -H "Authorization: Bearer $MIA_TOKEN" --data-urlencode "action=revoke" --data-urlencode "token=$MIA_HASH"
check "a token cannot revoke tokens: 403" is 403
ROOT_HASH=$(sqlite3 "$LIB" "SELECT hash FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.name = 'root' AND t.kind = 'api' LIMIT 1")
req "$J" POST /account/tokens --data-urlencode "csrf=$MIA_CSRF" --data-urlencode "action=revoke" --data-urlencode "token=$ROOT_HASH"
check "mia cannot revoke root's token: 404, and it still works" sh -c "[ $code = 404 ] && curl -s -H 'Authorization: Bearer $TOKEN' '$URL/account' | grep -q 'Signed in as <strong>root</strong>'"
req "$J" POST /account/tokens --data-urlencode "csrf=$MIA_CSRF" --data-urlencode "action=revoke" --data-urlencode "token=$MIA_HASH"
check "revoke her own token: 303 back to the page" sh -c "[ $code = 303 ] && grep -qi '^location: /account?done=revoked' hdr"
req - GET /account -H "Authorization: Bearer $MIA_TOKEN"
check "the revoked token works no more" sh -c "[ $code = 303 ] && grep -qi '^location: /signin' hdr"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
