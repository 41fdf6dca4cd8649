/*
 * model_data.c — the reference model compiled into quire: the bytes of
 * refs/model/quire-refs.crf, pulled in by the assembler's .incbin (no
 * generated source to keep in step; the path is relative to the top of the
 * source tree, where make runs).  tools/embed_model.sh writes a plain C
 * array instead for a toolchain without .incbin.  Rebuild this object when
 * the model changes (the Makefile rule:
 * $(B)/src/refs/model_data.o: refs/model/quire-refs.crf).
 */
#include "model_data.h"

__asm__(".section .rodata\n"
	".balign 16\n"
	".globl refs_model_data\n"
	".type refs_model_data, @object\n"
	"refs_model_data:\n"
	".incbin \"refs/model/quire-refs.crf\"\n"
	"refs_model_data_end:\n"
	".byte 0\n"
	".balign 8\n"
	".globl refs_model_size\n"
	".type refs_model_size, @object\n"
	"refs_model_size:\n"
	".quad refs_model_data_end - refs_model_data\n"
	".size refs_model_size, 8\n"
	".previous\n");
