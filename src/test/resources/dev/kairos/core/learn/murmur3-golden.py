# Golden values for MurmurHash3Test: MurmurHash3_x86_32 of UTF-8 bytes, signed int32.
# Reference: the mmh3 package (a wrapper of Austin Appleby's MurmurHash3.cpp).
# Run: python3 murmur3-golden.py
import mmh3

for text, seed in [("", 0), ("", 1), ("hello", 0), ("hello", 42), ("user=42", 0),
                   ("The quick brown fox jumps over the lazy dog", 0), ("café", 0), ("abc", 0), ("abcd", 7)]:
    print(repr(text), seed, mmh3.hash(text.encode("utf-8"), seed, signed=True))
