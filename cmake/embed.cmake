# Writes file IN into OUT as `const char SYMBOL[] = {...};` (NUL-terminated).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUT}" "/* generated from ${IN}; do not edit */\nconst char ${SYMBOL}[] = {${bytes}0x00};\n")
