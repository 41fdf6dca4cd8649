/*
 * model_data.h — the reference model compiled into quire: the bytes of
 * refs/model/quire-refs.crf, generated into model_data.c by
 * tools/embed_model.sh (refs_model_size is 0 when no model was embedded).
 */
#ifndef QUIRE_MODEL_DATA_H
#define QUIRE_MODEL_DATA_H

#include <stddef.h>

extern const unsigned char refs_model_data[];
extern const size_t refs_model_size;

#endif
