// ncurses exposes globals (stdscr, LINES, COLS) that Swift 6 rejects as shared mutable state, and
// macros (COLOR_PAIR, A_*) that Swift cannot import: these accessors wrap them.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

int wcwidth(wchar_t c);

static inline WINDOW *hark_stdscr(void) { return stdscr; }
static inline int hark_lines(void) { return LINES; }
static inline int hark_cols(void) { return COLS; }
static inline int hark_colors(void) { return COLORS; }
static inline int hark_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t hark_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t hark_a_bold(void) { return A_BOLD; }
static inline attr_t hark_a_reverse(void) { return A_REVERSE; }
static inline attr_t hark_a_underline(void) { return A_UNDERLINE; }
static inline attr_t hark_a_dim(void) { return A_DIM; }
static inline attr_t hark_a_normal(void) { return A_NORMAL; }
static inline int hark_key_resize(void) { return KEY_RESIZE; }
static inline int hark_err(void) { return ERR; }
