# Sourced by the batch templates, which run in the package root (where they are submitted from).

# The binary: the static build if there is one (it runs on nodes without the Swift runtime, see README's
# "Building for a cluster"), else the ordinary release build. Set TOYSTUDY to use another.
if [ -z "${TOYSTUDY:-}" ]; then
    if [ -x .build-static/release/toystudy ]; then TOYSTUDY=.build-static/release/toystudy
    else TOYSTUDY=.build/release/toystudy; fi
fi

# run_forwarding_stop COMMAND...: runs COMMAND and passes a SIGTERM or SIGINT this shell gets (the batch
# system's warning before the time limit, a requeue, a cancel) on to it as SIGTERM, then waits until it has
# stopped (toystudy writes what it has and exits 143; `--resume` finishes the study later) and returns its
# exit status. Without this, bash would wait for COMMAND and act on the signal only after the kill.
run_forwarding_stop() {
    local child status=0 interrupted=0
    "$@" &
    child=$!
    trap 'interrupted=1; kill -TERM "$child" 2>/dev/null || true' TERM INT
    wait "$child" || status=$?
    # A signal ends `wait` early (status 128+n): wait again for the command's own exit status.
    while [ "$interrupted" = 1 ]; do
        interrupted=0 status=0
        wait "$child" || status=$?
    done
    trap - TERM INT
    return "$status"
}
