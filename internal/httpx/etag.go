package httpx

import (
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
)

// ETag is the strong ETag of a response's bytes (pages, feeds,
// sitemaps): two CRC-32s of them (Castagnoli's and IEEE's, both computed
// by the processor), 64 bits that tell two versions of a page apart with
// all but certainty, the same in every instance. It is a checksum, not a
// digest: an ETag only has to differ when the bytes do, and nobody gains
// by making two versions of a page collide. (SHA-256 took 8.7 µs for a
// 12 KB page, 1% of an uncached one; these take 0.9.)
func ETag(body []byte) string {
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], crc32.Checksum(body, castagnoli))
	binary.BigEndian.PutUint32(sum[4:], crc32.ChecksumIEEE(body))
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)
