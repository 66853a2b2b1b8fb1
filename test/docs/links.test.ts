// The documentation is a front page (README.md) and one page per topic under docs/. Pages move and headings get
// renamed; this keeps every relative link, and every anchor a link names, pointing at something that exists, and
// every docs/ page that the code's comments and scripts name.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { repoRoot } from "../helpers/dist";

interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly reason: string;
}

/** The lines of a Markdown file that are prose, with fenced code blocks blanked (their text is not links). */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker[0];
      return "";
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence) fence = undefined;
      return "";
    }
    return line;
  });
}

/** GitHub's anchors for a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link of one Markdown file that does not lead to an existing file (and heading, when named). */
function brokenLinks(file: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const text = readFileSync(file, "utf8");
  proseLines(text).forEach((line, index) => {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] ?? "";
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...: not ours to check
      const [path = "", anchor] = target.split("#", 2);
      const destination = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
      const report = (reason: string) => broken.push({ file, line: index + 1, target, reason });
      if (!existsSync(destination)) {
        report("no such file");
      } else if (anchor !== undefined && destination.endsWith(".md")) {
        if (!headingAnchors(readFileSync(destination, "utf8")).has(decodeURIComponent(anchor))) report("no such heading");
      }
    }
  });
  return broken;
}

function describeBroken(links: readonly BrokenLink[]): string[] {
  return links.map((l) => `${relative(repoRoot, l.file)}:${l.line}: ${l.target} (${l.reason})`);
}

const docsDir = join(repoRoot, "docs");
const pages = [
  join(repoRoot, "README.md"),
  join(repoRoot, "CHANGELOG.md"),
  ...readdirSync(docsDir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(docsDir, name)),
];

describe("documentation links", () => {
  test.each(pages.map((page) => [relative(repoRoot, page), page]))(
    "every relative link in %s leads to an existing file and heading",
    (_name, page) => {
      expect(describeBroken(brokenLinks(page))).toEqual([]);
    },
  );

  test("every docs page is linked from the docs index", () => {
    const index = readFileSync(join(docsDir, "README.md"), "utf8");
    const unlisted = pages
      .filter((page) => dirname(page) === docsDir && !page.endsWith("README.md"))
      .map((page) => relative(docsDir, page))
      .filter((name) => !index.includes(`](${name})`));
    expect(unlisted).toEqual([]);
  });

  test("every docs/ page named in code comments, scripts and examples exists", () => {
    const sources = ["provider", "emulator", "scripts", "examples", "test", ".ci"].flatMap((dir) => filesUnder(join(repoRoot, dir)));
    const missing = sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\bdocs\/([\w.-]+\.md)\b/g)]
        .map((m) => m[1] ?? "")
        .filter((name) => !existsSync(join(docsDir, name)))
        .map((name) => `${relative(repoRoot, file)}: docs/${name}`),
    );
    expect(missing).toEqual([]);
  });

  test("the checker reports a missing file and a missing heading, and accepts links that resolve", () => {
    const dir = mkdtempSync(join(tmpdir(), "docs-links-"));
    try {
      writeFileSync(join(dir, "target.md"), "# The `Thing`: details\n\n## Twice\n\n## Twice\n");
      const page = join(dir, "page.md");
      writeFileSync(
        page,
        [
          "[ok](target.md#the-thing-details) [ok](target.md#twice-1) [ok](#here) [web](https://example.com/x#y)",
          "# Here",
          "[gone](missing.md) [no heading](target.md#nowhere) `[in code](ignored.md)`",
          "```",
          "[in a fence](ignored.md)",
          "```",
        ].join("\n"),
      );
      expect(brokenLinks(page).map((l) => `${l.line} ${l.target} ${l.reason}`)).toEqual([
        "3 missing.md no such file",
        "3 target.md#nowhere no such heading",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : filesUnder(path);
    return /\.(ts|js|mjs|sh|yaml|json)$|^run$/.test(entry.name) ? [path] : [];
  });
}
