# shellcheck shell=bash
# Local services for TutorBot: Azurite, the bot, the Microsoft 365 Agents Playground.
# Source this file (run.sh, test scripts), then:
#
#   tb_install [project]                `npm ci --prefix tools` when stale, build the bot (or the given project/solution)
#   tb_install_chromium                 Debian chromium if missing (only the browser tests need it)
#   tb_build_coordinator                the coordinator page into coordinator/dist (served under /coordinator)
#   tb_start_azurite <datadir|:memory:> [blobport]   Azurite on 127.0.0.1:10000-10002 (blob, queue, table) or blobport..+2
#   tb_storage_connection_string <blobport>         connection string for the bot when Azurite is not on 10000
#   tb_start_bot <port> [VAR=value...]  the bot on 127.0.0.1:<port> (Development, Demo__Seed=true), waits for /readyz
#   tb_start_playground <port> <botport> [config.yml]  the Playground on <port> (it binds *), talking to the bot on <botport>,
#                                       as the users of config.yml (default tools/playground/.m365agentsplayground.yml)
#   tb_stop_all                         stops everything this shell started (use it in an EXIT trap)
#   tb_alive                            0 while every service this shell started is still running
#
# Each service runs in its own session (setsid), so stopping it kills its whole process group.
# Logs go to $TB_LOGS (default .data/logs), PID files to $TB_DATA/pids/<service>.pid.
# A PID file left by an earlier run (killed -9, crashed shell) is honoured: that process group is stopped before
# the port is used again. A port held by anything else is an error with the holder's name, never a silent reuse.
# Environment: TB_WAIT_SECONDS (default 60) bounds every wait; TB_QUIET=1 silences progress lines.

TB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TB_DATA="${TB_DATA:-$TB_ROOT/.data}"
TB_LOGS="${TB_LOGS:-$TB_DATA/logs}"
TB_PIDS="${TB_PIDS:-$TB_DATA/pids}"
TB_WAIT_SECONDS="${TB_WAIT_SECONDS:-60}"
TB_CHROMIUM="${TB_CHROMIUM:-/usr/bin/chromium}"
TB_STARTED=()   # PID files of the services this shell started, in start order

_tb_say() { [[ "${TB_QUIET:-0}" == 1 ]] || printf '[services] %s\n' "$*" >&2; }
_tb_err() { printf '[services] ERROR: %s\n' "$*" >&2; }

# Prints the last lines of a log file to stderr.
_tb_tail() {
  local log="$1"
  [[ -f "$log" ]] || return 0
  printf '[services] --- last lines of %s ---\n' "$log" >&2
  tail -n 30 "$log" >&2
  printf '[services] ---\n' >&2
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
_tb_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Who listens on a port (for error messages).
_tb_port_holder() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1; }

# True when the process group <pgid> still has members.
_tb_group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# True when <pid> is a service we started under the tag <tag> (guards against PID reuse).
_tb_is_ours() {
  local pid="$1" tag="$2"
  [[ -r "/proc/$pid/environ" ]] && tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "TB_SERVICE=$tag"
}

# Stops the process group recorded in a PID file: TERM, then KILL after 10 s. Removes the file.
_tb_stop_pidfile() {
  local pidfile="$1" pid tag i
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null)"
  tag="$(basename "$pidfile" .pid)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && _tb_is_ours "$pid" "$tag"; then
    kill -TERM -- "-$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
      _tb_group_alive "$pid" || break
      # Azurite closes its three services on TERM but, once it has served traffic, its process may linger.
      if [[ "$tag" == azurite-* ]] && (($(cat "$TB_LOGS/$tag.log" 2>/dev/null | grep -c 'service successfully closed') >= 3)); then
        sleep 0.3
        kill -KILL -- "-$pid" 2>/dev/null
      fi
      sleep 0.1
    done
    if _tb_group_alive "$pid"; then
      _tb_say "$tag did not stop on TERM within 10 s: KILL"
      kill -KILL -- "-$pid" 2>/dev/null
      sleep 0.2
    fi
  fi
  rm -f "$pidfile"
}

# Stops what an earlier run recorded for this service, then insists that the ports are free.
_tb_claim() {
  local tag="$1"; shift
  local port holder
  if [[ -f "$TB_PIDS/$tag.pid" ]]; then
    _tb_say "stopping $tag left over from an earlier run (pid $(cat "$TB_PIDS/$tag.pid" 2>/dev/null))"
    _tb_stop_pidfile "$TB_PIDS/$tag.pid"
  fi
  for port in "$@"; do
    if _tb_port_open "$port"; then
      holder="$(_tb_port_holder "$port")"
      _tb_err "port $port is already in use${holder:+ by $holder}; it was not started by these scripts. Stop it, then retry."
      return 1
    fi
  done
}

# _tb_launch <tag> <log> <cwd> <command...>: starts the command in a new session; records its PID (= PGID).
# The child writes its own PID, so this also works when job control is on and setsid has to fork.
_tb_launch() {
  local tag="$1" log="$2" dir="$3"; shift 3
  local pidfile="$TB_PIDS/$tag.pid" i
  mkdir -p "$TB_PIDS" "$TB_LOGS"
  rm -f "$pidfile"
  : >"$log"
  (
    cd "$dir" || exit 1
    # shellcheck disable=SC2016
    TB_SERVICE="$tag" exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1
  ) &
  disown "$!" 2>/dev/null || true   # no "Killed" job notices from this shell when it is stopped
  for ((i = 0; i < 50; i++)); do
    [[ -s "$pidfile" ]] && break
    sleep 0.1
  done
  if [[ ! -s "$pidfile" ]]; then
    _tb_err "$tag did not start"
    _tb_tail "$log"
    return 1
  fi
  TB_STARTED+=("$pidfile")
}

# _tb_wait <tag> <log> <description> <check command...>: polls the check until it succeeds, the service dies, or time runs out.
_tb_wait() {
  local tag="$1" log="$2" what="$3"; shift 3
  local pid deadline=$((SECONDS + TB_WAIT_SECONDS))
  pid="$(cat "$TB_PIDS/$tag.pid")"
  until "$@"; do
    if ! _tb_group_alive "$pid"; then
      _tb_err "$tag exited before $what"
      _tb_tail "$log"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      _tb_err "$tag: no $what after ${TB_WAIT_SECONDS} s (log: $log)"
      _tb_tail "$log"
      return 1
    fi
    sleep 0.2
  done
}

# Debian chromium for the browser tests, when missing (apt, as root).
tb_install_chromium() {
  if [[ ! -x "$TB_CHROMIUM" ]]; then
    if [[ "$(id -u)" != 0 ]]; then
      _tb_err "$TB_CHROMIUM is missing; install the Debian package chromium (apt-get install -y chromium) as root"
      return 1
    fi
    _tb_say "installing chromium (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
      { _tb_err "apt-get install chromium failed"; return 1; }
  fi
}

# Idempotent installs: the Node tools (only when missing or older than the lock file), then one build of the bot,
# or of the project or solution given (the test run builds the solution once, bot included).
tb_install() {
  local project="${1:-$TB_ROOT/bot}"
  local stamp="$TB_ROOT/tools/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$TB_ROOT/tools/package-lock.json" -nt "$stamp" ]]; then
    _tb_say "installing the Node tools (npm ci --prefix tools)"
    npm ci --prefix "$TB_ROOT/tools" --no-audit --no-fund --loglevel=error >/dev/null ||
      { _tb_err "npm ci --prefix tools failed"; return 1; }
    touch "$stamp"
  fi

  mkdir -p "$TB_LOGS"
  _tb_say "building $(basename "$project")"
  if ! dotnet build "$project" -c Debug -nologo -v q >"$TB_LOGS/build.log" 2>&1; then
    _tb_err "dotnet build $(basename "$project") failed"
    _tb_tail "$TB_LOGS/build.log"
    return 1
  fi
}

# tb_build_coordinator: the coordinator page into coordinator/dist (npm ci only when its lock file changed), which
# the bot serves under /coordinator.
tb_build_coordinator() {
  local dir="$TB_ROOT/coordinator"
  if [[ ! -f "$dir/node_modules/.tutorbot-lock" ]] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"; then
    _tb_say "installing the coordinator page's packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { _tb_err "npm ci in coordinator/ failed"; return 1; }
    cp "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"
  fi
  (cd "$dir" && node build.mjs >/dev/null) || { _tb_err "building the coordinator page failed"; return 1; }
}

# tb_build_addin: the Outlook add-in into addin/dist (npm ci only when its lock file changed), which the bot serves
# under /addin/ and, in Development, inside the local compose window /demo/compose.
tb_build_addin() {
  local dir="$TB_ROOT/addin"
  if [[ ! -f "$dir/node_modules/.tutorbot-lock" ]] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"; then
    _tb_say "installing the add-in's packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { _tb_err "npm ci in addin/ failed"; return 1; }
    cp "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"
  fi
  (cd "$dir" && node build.mjs >/dev/null) || { _tb_err "building the add-in failed"; return 1; }
}

# tb_start_azurite <datadir|:memory:> [blobport]: blob <blobport> (default 10000), queue +1, table +2, on 127.0.0.1.
# The default ports are those of UseDevelopmentStorage=true; for other ports give the bot
# Storage__ConnectionString="$(tb_storage_connection_string <blobport>)".
tb_start_azurite() {
  local dir="${1:?usage: tb_start_azurite <datadir|:memory:> [blobport]}" blob="${2:-10000}"
  local queue=$((blob + 1)) table=$((blob + 2)) tag="azurite-${2:-10000}" persistence
  local log="$TB_LOGS/$tag.log"
  if [[ "$dir" == ":memory:" ]]; then
    persistence=(--inMemoryPersistence)
  else
    mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
    persistence=(--location "$dir")
  fi
  _tb_claim "$tag" "$blob" "$queue" "$table" || return 1
  _tb_say "starting Azurite on 127.0.0.1:$blob-$table ($dir)"
  _tb_launch "$tag" "$log" "$TB_ROOT" node "$TB_ROOT/tools/node_modules/.bin/azurite" \
    --silent --skipApiVersionCheck "${persistence[@]}" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" || return 1
  _tb_wait "$tag" "$log" "open ports $blob-$table" \
    eval "_tb_port_open $blob && _tb_port_open $queue && _tb_port_open $table"
}

# tb_storage_connection_string <blobport>: the Azurite connection string for an Azurite started on other ports.
tb_storage_connection_string() {
  local blob="${1:?usage: tb_storage_connection_string <blobport>}"
  # The well-known Azurite development account (public, documented; not a secret).
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' "$blob" $((blob + 1)) $((blob + 2))
}

# tb_start_bot <port> [VAR=value...]: the built bot (Debug) in Development with demo data, on 127.0.0.1:<port>.
# Extra VAR=value pairs override configuration, e.g. Logging__LogLevel__Default=Debug.
tb_start_bot() {
  local port="${1:?usage: tb_start_bot <port> [VAR=value...]}"; shift
  local tag="bot-$port" log="$TB_LOGS/bot-$port.log"
  local exe="$TB_ROOT/bot/bin/Debug/net10.0/TutorBot.Bot"
  if [[ ! -x "$exe" ]]; then
    _tb_err "$exe is missing: run tb_install (dotnet build bot) first"
    return 1
  fi
  _tb_claim "$tag" "$port" || return 1
  _tb_say "starting the bot on 127.0.0.1:$port"
  _tb_launch "$tag" "$log" "$TB_ROOT/bot" env ASPNETCORE_ENVIRONMENT=Development Demo__Seed=true DOTNET_NOLOGO=1 "$@" \
    "$exe" --urls "http://127.0.0.1:$port" || return 1
  _tb_wait "$tag" "$log" "200 from http://127.0.0.1:$port/readyz" \
    curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz"
}

# tb_start_playground <port> <botport> [config.yml]: the Agents Playground as the users of config.yml.
# Its own log goes to $TB_LOGS, not to the tracked tools/playground/devTools/; it opens no browser.
tb_start_playground() {
  local port="${1:?usage: tb_start_playground <port> <botport> [config.yml]}" botport="${2:?usage: tb_start_playground <port> <botport> [config.yml]}"
  local config="${3:-$TB_ROOT/tools/playground/.m365agentsplayground.yml}"
  local tag="playground-$port" log="$TB_LOGS/playground-$port.log"
  local cli="$TB_ROOT/tools/node_modules/@microsoft/m365agentsplayground/cli.js"
  if [[ ! -f "$cli" ]]; then
    _tb_err "$cli is missing: run tb_install (npm ci --prefix tools) first"
    return 1
  fi
  # The Playground silently takes a random port when its port is busy: insist that it is free.
  _tb_claim "$tag" "$port" || return 1
  _tb_say "starting the Playground on port $port (bot on $botport)"
  _tb_launch "$tag" "$log" "$(dirname "$config")" env TEAMSAPPTESTER_BROWSER=none \
    M365_AGENTS_PLAYGROUND_CONFIG_PATH="$config" \
    M365_AGENTS_PLAYGROUND_LOGFILE="$TB_LOGS/playground-$port.devtools.log" \
    node "$cli" -e "http://127.0.0.1:$botport/api/messages" -c msteams --disable-telemetry -p "$port" || return 1
  _tb_wait "$tag" "$log" "200 from http://127.0.0.1:$port/" \
    curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || return 1
  # Make sure the answer came from this Playground, not from a stranger that grabbed the port meanwhile.
  local holder
  holder="$(_tb_port_holder "$port")"
  if [[ -n "$holder" && "$holder" != *"pid=$(cat "$TB_PIDS/$tag.pid")"* ]]; then
    _tb_err "port $port answers, but not from the Playground we started (holder: $holder)"
    return 1
  fi
}

# 0 while every service this shell started runs; otherwise names the first dead one.
tb_alive() {
  local pidfile pid
  for pidfile in "${TB_STARTED[@]}"; do
    pid="$(cat "$pidfile" 2>/dev/null)"
    if [[ -z "$pid" ]] || ! _tb_group_alive "$pid"; then
      _tb_err "$(basename "$pidfile" .pid) has stopped (log: $TB_LOGS)"
      return 1
    fi
  done
}

# Stops everything this shell started, newest first. Safe to call twice.
tb_stop_all() {
  local i
  for ((i = ${#TB_STARTED[@]} - 1; i >= 0; i--)); do
    _tb_stop_pidfile "${TB_STARTED[i]}"
  done
  TB_STARTED=()
}
