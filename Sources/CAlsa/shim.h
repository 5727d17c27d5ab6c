#include <alsa/asoundlib.h>

// alsa-lib prints its errors to stderr, which would scribble over a full-screen terminal UI. Swift can't
// write the variadic handler, so this one lives here; the player reports device problems itself.
static void hark_alsa_quiet_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void hark_alsa_silence_errors(void) {
    snd_lib_error_set_handler(hark_alsa_quiet_handler);
}
