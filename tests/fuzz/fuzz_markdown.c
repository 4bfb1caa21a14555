/* fuzz_markdown.c - the Markdown stage of letters (cmark, then the
 * blocks a letter may hold). */
#include "fuzz.h"
#include "../../src/letter/letter.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *md = fuzz_text(data, size);
	vpd_blocks b = {0};
	vpd_error err;

	if (vpd_markdown_blocks(&b, "fuzz.md", md, &err) == 0)
		vpd_blocks_free(&b);
	free(md);
	return 0;
}
