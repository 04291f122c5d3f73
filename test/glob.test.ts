// Region globs: * and ? without a RegExp, so a hostile glob costs O(glob × text), never backtracking time.
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { globCovers, globMatches, MAX_GLOB_LENGTH } from "../src/text/glob";

/** The reference: the RegExp the analysis used before (fine for short globs). */
function regexMatches(glob: string, text: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(text);
}

describe("globMatches", function () {
  it("matches a literal region exactly", function () {
    assert.equal(globMatches("eu-west-1", "eu-west-1"), true);
    assert.equal(globMatches("eu-west-1", "eu-west-12"), false);
    assert.equal(globMatches("eu-west-1", "eu-west-"), false);
    assert.equal(globMatches("EU-west-1", "eu-west-1"), false);
  });

  it("matches a trailing star against any suffix", function () {
    assert.equal(globMatches("eu-*", "eu-central-1"), true);
    assert.equal(globMatches("eu-*", "eu-"), true);
    assert.equal(globMatches("eu-*", "us-east-1"), false);
    assert.equal(globMatches("eu-*", "eu"), false);
  });

  it("matches ? against exactly one character", function () {
    assert.equal(globMatches("us-?ast-1", "us-east-1"), true);
    assert.equal(globMatches("us-?ast-1", "us-ast-1"), false);
    assert.equal(globMatches("us-?ast-1", "us-eeast-1"), false);
  });

  it("matches a lone star against anything, the empty text included", function () {
    assert.equal(globMatches("*", "ap-southeast-2"), true);
    assert.equal(globMatches("*", ""), true);
  });

  it("handles the empty text and the empty glob", function () {
    assert.equal(globMatches("", ""), true);
    assert.equal(globMatches("", "eu-west-1"), false);
    assert.equal(globMatches("?", ""), false);
    assert.equal(globMatches("eu-*", ""), false);
  });

  it("matches a star in the middle, retrying after a false start", function () {
    assert.equal(globMatches("us-*-1", "us-east-1"), true);
    assert.equal(globMatches("us-*-1", "us-gov-west-1"), true);
    assert.equal(globMatches("us-*-1", "us-east-2"), false);
    // the first "-1" the star reaches is not the end: the star must take it and go on
    assert.equal(globMatches("*-1", "eu-1-west-1"), true);
    assert.equal(globMatches("a*b*c", "abcbc"), true);
    assert.equal(globMatches("a*b*c", "abcb"), false);
  });

  it("treats consecutive stars as one", function () {
    assert.equal(globMatches("eu-**", "eu-west-1"), true);
    assert.equal(globMatches("***", ""), true);
    assert.equal(globMatches("us-**-1", "us-east-1"), true);
    assert.equal(globMatches("us-**?", "us-"), false);
  });

  it("says no to a region outside the glob", function () {
    assert.equal(globMatches("eu-*", "me-central-1"), false);
    assert.equal(globMatches("*-2", "us-east-1"), false);
    assert.equal(globMatches("ap-?outh*", "ap-northeast-1"), false);
  });

  it("answers a backtracking-hostile glob correctly, at O(glob × text)", function () {
    // A RegExp spends exponential time on these; the two-pointer matcher does at most 61 × 60 steps each.
    const region = "ap-southeast-".repeat(5).slice(0, 59) + "y"; // 60 characters, no "x"
    const hostile = "*?".repeat(30) + "x";
    assert.equal(hostile.length, 61);
    assert.equal(region.length, 60);
    assert.equal(globMatches(hostile, region), false);
    assert.equal(globMatches(hostile, region.slice(0, 59) + "x"), true);
    assert.equal(globMatches(hostile, region.slice(0, 29) + "x"), false); // only 29 characters before the x
    assert.equal(globMatches(hostile, region.slice(0, 30) + "x"), true);
    assert.equal(globMatches("*a".repeat(32), "a".repeat(63) + "b"), false);
  });

  it("bounds glob length at 64 characters", function () {
    assert.equal(MAX_GLOB_LENGTH, 64);
  });

  it("agrees with the RegExp reference on short globs over {a, b, -, *, ?}", function () {
    const glob = fc.string({ unit: fc.constantFrom("a", "b", "-", "*", "?"), maxLength: 8 });
    const text = fc.string({ unit: fc.constantFrom("a", "b", "-"), maxLength: 10 });
    fc.assert(fc.property(glob, text, (g, t) => globMatches(g, t) === regexMatches(g, t)), { numRuns: 2000 });
  });

  it("agrees with the RegExp reference on texts built to match", function () {
    // Random pairs rarely match; build texts from the glob so the positive side is exercised too.
    const piece = fc.constantFrom("a", "b", "-");
    const part = fc.oneof(piece.map((c) => [c, c] as const), fc.constant(["?", "a"] as const),
      fc.array(piece, { maxLength: 3 }).map((cs) => ["*", cs.join("")] as const));
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
      const g = parts.map((p) => p[0]).join("");
      const t = parts.map((p) => p[1]).join("");
      return globMatches(g, t) && regexMatches(g, t);
    }), { numRuns: 1000 });
  });
});

describe("globCovers (an allowed glob against an offering's processing glob)", function () {
  const chars = fc.constantFrom("a", "b", "-", "*", "?");
  const glob = fc.array(chars, { maxLength: 7 }).map((cs) => cs.join(""));
  const letters = fc.array(fc.constantFrom("a", "b", "-"), { maxLength: 3 }).map((cs) => cs.join(""));

  it("is sound: when it says covered, every region the pattern names matches the glob", function () {
    // Instantiate the pattern: each * becomes a random run of letters, each ? one letter.
    fc.assert(
      fc.property(glob, glob, fc.array(letters, { minLength: 8, maxLength: 8 }), (allowed, pattern, fills) => {
        if (!globCovers(allowed, pattern)) return;
        let k = 0;
        const region = [...pattern].map((c) => (c === "*" ? fills[k++ % 8] : c === "?" ? fills[k++ % 8].slice(0, 1) || "a" : c)).join("");
        assert.ok(globMatches(allowed, region), `${allowed} covers ${pattern} but not ${region}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with globMatches on a pattern without wildcards", function () {
    fc.assert(fc.property(glob, letters, (allowed, region) => assert.equal(globCovers(allowed, region), globMatches(allowed, region))), { numRuns: 2000 });
  });

  it("covers a star only with a star: eu-* covers eu-*, eu-central-1 and eu-? do not", function () {
    assert.equal(globCovers("eu-*", "eu-*"), true);
    assert.equal(globCovers("*", "eu-*"), true);
    assert.equal(globCovers("eu-central-1", "eu-*"), false);
    assert.equal(globCovers("eu-?", "eu-*"), false);
    assert.equal(globCovers("eu-??st-1", "eu-?est-1"), true);
  });
});
