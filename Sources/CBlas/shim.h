// OpenBLAS (Debian libopenblas-dev): the CBLAS matrix products behind the speaker encoder's LSTM and
// mel front end, and openblas_set_num_threads.
#include <cblas.h>
