// Direct convolution kernels for short patches (3×3 over 1–3 channels: the first layer of an image
// model), compiled for Haswell-class CPUs (AVX2, FMA; see Package.swift).
//
// This module is built with `-target-cpu haswell`: its code may use AVX2 anywhere, so it must only
// be called after `Tensors.CPUFeatures` has found those instructions (Tensors chooses; nothing
// here checks). Every entry point is `@inline(never)` so that no caller built for baseline x86-64
// inlines (and so recompiles) it.
//
// The input is zero-padded beforehand (no bounds checks here): `x` holds images of
// `paddedHeight × paddedWidth × channels` one after another, and output pixel (s, oh, ow) reads tap (kh, kw, c) at
// `s·imageFloats + (oh·sh + kh·dh)·rowFloats + (ow·sw + kw·dw)·channels + c`. Kernel rows are the
// taps in (kh, kw, c) order, `outputChannels` floats each (HWIO), and output channels go in blocks
// of 16 (two vectors of 8), so `outputChannels` must be a multiple of 16.

/// The sizes a direct convolution kernel needs (all in elements).
public struct DirectConvolutionShape: Sendable {
  public let paddedHeight: Int, paddedWidth: Int, channels: Int
  public let kernelHeight: Int, kernelWidth: Int
  public let strideHeight: Int, strideWidth: Int
  public let dilationHeight: Int, dilationWidth: Int
  public let outputHeight: Int, outputWidth: Int, outputChannels: Int

  public init(
    paddedHeight: Int, paddedWidth: Int, channels: Int, kernelHeight: Int, kernelWidth: Int,
    strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int, outputHeight: Int,
    outputWidth: Int, outputChannels: Int
  ) {
    precondition(outputChannels % 16 == 0 && outputChannels > 0)
    (self.paddedHeight, self.paddedWidth, self.channels) = (paddedHeight, paddedWidth, channels)
    (self.kernelHeight, self.kernelWidth) = (kernelHeight, kernelWidth)
    (self.strideHeight, self.strideWidth) = (strideHeight, strideWidth)
    (self.dilationHeight, self.dilationWidth) = (dilationHeight, dilationWidth)
    (self.outputHeight, self.outputWidth, self.outputChannels) = (outputHeight, outputWidth, outputChannels)
  }

  /// Taps per output pixel: kh·kw·C_in.
  public var taps: Int { kernelHeight * kernelWidth * channels }
  var rowFloats: Int { paddedWidth * channels }
  var imageFloats: Int { paddedHeight * rowFloats }

  /// Offset of tap `t` from its output pixel's window origin.
  @inline(__always)
  func tapOffset(_ t: Int) -> Int {
    let c = t % channels, kw = t / channels % kernelWidth, kh = t / channels / kernelWidth
    return kh * dilationHeight * rowFloats + kw * dilationWidth * channels + c
  }

  /// Offset of output pixel (s, oh, ow)'s window origin.
  @inline(__always)
  func origin(_ s: Int, _ oh: Int, _ ow: Int) -> Int {
    s * imageFloats + oh * strideHeight * rowFloats + ow * strideWidth * channels
  }
}

typealias Vector8 = SIMD8<Float>

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Vector8 { UnsafeRawPointer(p).loadUnaligned(as: Vector8.self) }

@inline(__always)
func store8(_ v: Vector8, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector8.self)
}

/// Forward pass for output rows `rows` (row r = (s, oh) with r = s·outputHeight + oh): `y` gets
/// `bias + Σ_t x[tap t] · w[t]` (the bias first, then the taps in order; no bias when nil).
/// `offsets` must hold `shape.taps` tap offsets (`directConvolutionTapOffsets`).
@inline(never)
public func directConvolutionForward(
  _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
  _ y: UnsafeMutablePointer<Float>, _ shape: DirectConvolutionShape, offsets: UnsafePointer<Int>,
  rows: Range<Int>
) {
  let wo = shape.outputWidth, cOut = shape.outputChannels, taps = shape.taps
  let step = shape.strideWidth * shape.channels
  for r in rows {
    let s = r / shape.outputHeight, oh = r % shape.outputHeight
    let out = y + r * wo * cOut
    var ow = 0
    while ow < wo {
      if wo >= 4 {
        // Groups of 4 pixels; a last, partial group is moved back to overlap the one before (the
        // shared pixels are computed again, the same way).
        let o0 = min(ow, wo - 4)
        forwardFour(x + shape.origin(s, oh, o0), step: step, w, bias: bias, out + o0 * cOut, cOut, taps, offsets)
        ow = o0 + 4
      } else {
        forwardOne(x + shape.origin(s, oh, ow), w, bias: bias, out + ow * cOut, cOut, taps, offsets)
        ow += 1
      }
    }
  }
}

/// Four pixels `step` apart, 16 channels at a time: 8 accumulators in registers over the taps.
@inline(__always)
func forwardFour(
  _ base: UnsafePointer<Float>, step: Int, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
  _ dst: UnsafeMutablePointer<Float>, _ cOut: Int, _ taps: Int, _ offsets: UnsafePointer<Int>
) {
  var o = 0
  while o < cOut {
    let bl = bias.map { load8($0 + o) } ?? Vector8(), bh = bias.map { load8($0 + o + 8) } ?? Vector8()
    var l0 = bl, l1 = bl, l2 = bl, l3 = bl
    var h0 = bh, h1 = bh, h2 = bh, h3 = bh
    var wt = w + o
    for t in 0..<taps {
      let wl = load8(wt), wh = load8(wt + 8)
      let p = base + offsets[t]
      let v0 = Vector8(repeating: p[0]), v1 = Vector8(repeating: p[step])
      let v2 = Vector8(repeating: p[2 * step]), v3 = Vector8(repeating: p[3 * step])
      l0 += v0 * wl
      h0 += v0 * wh
      l1 += v1 * wl
      h1 += v1 * wh
      l2 += v2 * wl
      h2 += v2 * wh
      l3 += v3 * wl
      h3 += v3 * wh
      wt += cOut
    }
    let d = dst + o
    store8(l0, d)
    store8(h0, d + 8)
    store8(l1, d + cOut)
    store8(h1, d + cOut + 8)
    store8(l2, d + 2 * cOut)
    store8(h2, d + 2 * cOut + 8)
    store8(l3, d + 3 * cOut)
    store8(h3, d + 3 * cOut + 8)
    o += 16
  }
}

/// One pixel (rows shorter than 4 pixels).
@inline(__always)
func forwardOne(
  _ base: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
  _ dst: UnsafeMutablePointer<Float>, _ cOut: Int, _ taps: Int, _ offsets: UnsafePointer<Int>
) {
  var o = 0
  while o < cOut {
    var l = bias.map { load8($0 + o) } ?? Vector8(), h = bias.map { load8($0 + o + 8) } ?? Vector8()
    var wt = w + o
    for t in 0..<taps {
      let v = Vector8(repeating: base[offsets[t]])
      l += v * load8(wt)
      h += v * load8(wt + 8)
      wt += cOut
    }
    store8(l, dst + o)
    store8(h, dst + o + 8)
    o += 16
  }
}

/// Adds to `sum` (rows of `outputChannels`: the taps, then the bias) the kernel and bias
/// gradients Σ_p x[p + offset_t] · dy[p] and Σ_p dy[p] over the output pixels of rows `rows`,
/// for the work items `items`: item i is tap group i / blocks (4 taps; the group after the last
/// tap is the bias) and channel block i % blocks (16 channels), blocks = outputChannels / 16.
/// Each element of `sum` is summed over the pixels in order, whoever runs which item.
@inline(never)
public func directConvolutionKernelGradient(
  _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, sum: UnsafeMutablePointer<Float>,
  _ shape: DirectConvolutionShape, offsets: UnsafePointer<Int>, rows: Range<Int>, items: Range<Int>
) {
  let wo = shape.outputWidth, cOut = shape.outputChannels, taps = shape.taps
  let blocks = cOut / 16
  let step = shape.strideWidth * shape.channels
  for item in items {
    let t0 = item / blocks * 4, o = item % blocks * 16
    if t0 >= taps {
      // The bias: Σ_p dy[p].
      let sb = sum + taps * cOut + o
      var l = load8(sb), h = load8(sb + 8)
      for r in rows {
        var d = dy + r * wo * cOut + o
        for _ in 0..<wo {
          l += load8(d)
          h += load8(d + 8)
          d += cOut
        }
      }
      store8(l, sb)
      store8(h, sb + 8)
      continue
    }
    // Up to 4 taps; missing ones repeat the last tap's offset into accumulators that are dropped.
    let n = min(4, taps - t0)
    let f0 = offsets[t0], f1 = offsets[t0 + min(1, n - 1)]
    let f2 = offsets[t0 + min(2, n - 1)], f3 = offsets[t0 + min(3, n - 1)]
    let s0 = sum + t0 * cOut + o
    var l0 = load8(s0), h0 = load8(s0 + 8)
    var l1 = n > 1 ? load8(s0 + cOut) : Vector8(), h1 = n > 1 ? load8(s0 + cOut + 8) : Vector8()
    var l2 = n > 2 ? load8(s0 + 2 * cOut) : Vector8(), h2 = n > 2 ? load8(s0 + 2 * cOut + 8) : Vector8()
    var l3 = n > 3 ? load8(s0 + 3 * cOut) : Vector8(), h3 = n > 3 ? load8(s0 + 3 * cOut + 8) : Vector8()
    for r in rows {
      let s = r / shape.outputHeight, oh = r % shape.outputHeight
      var p = x + shape.origin(s, oh, 0)
      var d = dy + r * wo * cOut + o
      for _ in 0..<wo {
        let dl = load8(d), dh = load8(d + 8)
        let v0 = Vector8(repeating: p[f0]), v1 = Vector8(repeating: p[f1])
        let v2 = Vector8(repeating: p[f2]), v3 = Vector8(repeating: p[f3])
        l0 += v0 * dl
        h0 += v0 * dh
        l1 += v1 * dl
        h1 += v1 * dh
        l2 += v2 * dl
        h2 += v2 * dh
        l3 += v3 * dl
        h3 += v3 * dh
        p += step
        d += cOut
      }
    }
    store8(l0, s0)
    store8(h0, s0 + 8)
    if n > 1 {
      store8(l1, s0 + cOut)
      store8(h1, s0 + cOut + 8)
    }
    if n > 2 {
      store8(l2, s0 + 2 * cOut)
      store8(h2, s0 + 2 * cOut + 8)
    }
    if n > 3 {
      store8(l3, s0 + 3 * cOut)
      store8(h3, s0 + 3 * cOut + 8)
    }
  }
}

/// Writes the offsets of `shape`'s taps (in kernel-row order) to `offsets` (`shape.taps` of them).
@inline(never)
public func directConvolutionTapOffsets(_ shape: DirectConvolutionShape, into offsets: UnsafeMutablePointer<Int>) {
  for t in 0..<shape.taps { offsets[t] = shape.tapOffset(t) }
}

