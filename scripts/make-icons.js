#!/usr/bin/env node
/**
 * Draws the ribbon/add-in icons (a white check mark on a ledger-green tile) as PNGs at the sizes
 * the manifest declares. Dependency-free (zlib only) so the icons can be regenerated anywhere:
 *   node scripts/make-icons.js
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80];
const OUT_DIR = path.join(__dirname, '..', 'assets');
const TILE = [0x21, 0x73, 0x46]; // Excel green
const MARK = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage of a shape at pixel (x, y), supersampled 4×4 for smooth edges at 16 px. */
function coverage(size, x, y, inside) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      if (inside((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)) hits++;
    }
  }
  return hits / 16;
}

function drawIcon(size) {
  const radius = 0.18;
  const insideTile = (u, v) => {
    const cx = Math.min(Math.max(u, radius), 1 - radius);
    const cy = Math.min(Math.max(v, radius), 1 - radius);
    return Math.hypot(u - cx, v - cy) <= radius;
  };
  const check = [[0.22, 0.52], [0.42, 0.72], [0.78, 0.3]];
  const stroke = size <= 16 ? 0.085 : 0.07;
  const insideMark = (u, v) =>
    distanceToSegment(u, v, check[0], check[1]) <= stroke || distanceToSegment(u, v, check[1], check[2]) <= stroke;

  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const tile = coverage(size, x, y, insideTile);
      const mark = coverage(size, x, y, (u, v) => insideTile(u, v) && insideMark(u, v));
      const i = (y * size + x) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const colour = tile > 0 ? (TILE[ch] * (tile - mark) + MARK[ch] * mark) / tile : 0;
        rgba[i + ch] = Math.round(colour);
      }
      rgba[i + 3] = Math.round(tile * 255);
    }
  }
  return encodePng(size, rgba);
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT_DIR, `icon-${size}.png`);
  fs.writeFileSync(file, drawIcon(size));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
