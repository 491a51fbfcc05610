'use strict';
// The documentation holds together: every relative link in the Markdown files points at a file
// that exists (and, with `#anchor`, at a heading in it, by GitHub's slug rules); the README stays
// short and keeps the test command CI runs; the Russian README (docs/ru/README.md) has the English
// one's sections in the same order, with the same links in each. Nothing is fetched: links to
// other sites are only compared, never followed.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const README = 'README.md';
const README_RU = 'docs/ru/README.md';

/** The Markdown files checked: the root's documents and everything under docs/. */
function markdownFiles() {
	const files = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'BENCHMARKS.md'].filter((file) =>
		fs.existsSync(path.join(root, file)),
	);
	const walk = (dir) => {
		for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
			const rel = `${dir}/${entry.name}`;
			if (entry.isDirectory()) walk(rel);
			else if (entry.name.endsWith('.md')) files.push(rel);
		}
	};
	if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
	return files;
}

const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

/** The lines outside fenced code blocks, each with its line number. */
function proseLines(text) {
	const lines = [];
	let fence = null;
	text.split('\n').forEach((line, i) => {
		const marker = /^\s*(```+|~~~+)/.exec(line);
		if (marker) {
			if (!fence) fence = marker[1][0];
			else if (marker[1][0] === fence) fence = null;
			return;
		}
		if (!fence) lines.push({ line, number: i + 1 });
	});
	return lines;
}

const withoutCodeSpans = (line) => line.replace(/(`+)[\s\S]*?\1/g, '');

/** A heading's text as GitHub renders it: links, code marks, emphasis and HTML tags removed. */
const headingText = (raw) =>
	raw
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/\*+/g, '')
		.trim();

/** GitHub's anchor for a heading: lower case, punctuation and symbols dropped, spaces to hyphens. */
const slug = (text) =>
	headingText(text)
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');

/** Every heading of a Markdown text: level, text, anchor (with GitHub's -1, -2 … for repeats). */
function headings(text) {
	const seen = new Map();
	const result = [];
	for (const { line } of proseLines(text)) {
		const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
		if (!match) continue;
		const base = slug(match[2]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.push({ level: match[1].length, text: match[2], anchor: count ? `${base}-${count}` : base });
	}
	return result;
}

/** Every inline link and image outside code: its target and line. */
function links(text) {
	const result = [];
	for (const { line, number } of proseLines(text)) {
		const prose = withoutCodeSpans(line);
		for (const match of prose.matchAll(/!?\[(?:[^\]]|\\\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			result.push({ target: match[1], line: number });
		}
	}
	return result;
}

const isExternal = (target) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Where a relative link in `file` points: the repository path (or null when outside) and anchor. */
function resolve(file, target) {
	const hash = target.indexOf('#');
	const pathPart = hash < 0 ? target : target.slice(0, hash);
	const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
	const resolved = pathPart
		? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)))
		: file;
	const inside = !resolved.startsWith('../') && resolved !== '..';
	return { path: inside ? resolved.replace(/\/$/, '') : null, anchor };
}

/** What is wrong with the relative links of one file's text, as readable lines. */
function brokenLinks(file, text) {
	const problems = [];
	for (const { target, line } of links(text)) {
		if (isExternal(target)) continue;
		const where = `${file}:${line} → ${target}`;
		const { path: linked, anchor } = resolve(file, target);
		if (linked === null) {
			problems.push(`${where}: points outside the repository`);
			continue;
		}
		const absolute = path.join(root, linked);
		if (!fs.existsSync(absolute)) {
			problems.push(`${where}: no file ${linked}`);
			continue;
		}
		if (anchor === null || anchor === '') continue;
		if (!linked.endsWith('.md')) {
			problems.push(`${where}: an anchor into a file that is not Markdown`);
			continue;
		}
		const targetText = linked === file ? text : read(linked);
		if (!headings(targetText).some((heading) => heading.anchor === anchor)) {
			problems.push(`${where}: ${linked} has no heading with the anchor #${anchor}`);
		}
	}
	return problems;
}

/**
 * A README split at its `##` headings (the part before the first is the introduction), each part
 * with the links it holds. A link into the same README is named by the `##` section its heading
 * is in, and a link to the other language's README as such, so both languages compare.
 */
function sections(file, otherLanguage) {
	const text = read(file);
	const all = headings(text);
	const sectionOfAnchor = new Map();
	let index = 0;
	for (const heading of all) {
		if (heading.level === 2) index++;
		if (heading.level >= 2) sectionOfAnchor.set(heading.anchor, index);
	}
	const parts = [{ title: '(introduction)', links: [] }];
	for (const { line } of proseLines(text)) {
		const match = /^##\s+(.*?)\s*#*\s*$/.exec(line);
		if (match) {
			parts.push({ title: match[1], links: [] });
			continue;
		}
		for (const { target } of links(line)) {
			let name = target;
			if (!isExternal(target)) {
				const { path: linked, anchor } = resolve(file, target);
				if (linked === file) name = `(this README, section ${sectionOfAnchor.get(anchor) ?? `#${anchor}`})`;
				else if (linked === otherLanguage && !anchor) name = '(the other language)';
				else name = anchor ? `${linked}#${anchor}` : linked;
			}
			parts[parts.length - 1].links.push(name);
		}
	}
	return parts;
}

describe('links in the documentation', () => {
	const files = markdownFiles();

	test('the documents are all there', () => {
		for (const file of [README, 'CONTRIBUTING.md', README_RU, 'docs/payout-safety.md', 'docs/notifications.md', 'docs/queue-mode.md', 'docs/errors.md']) {
			expect(files).toContain(file);
		}
	});

	test.each(files)('%s: every relative link points at a file and heading that exist', (file) => {
		expect(brokenLinks(file, read(file))).toEqual([]);
	});

	test('the README links to each deep topic and to CONTRIBUTING.md', () => {
		const linked = new Set(links(read(README)).map(({ target }) => resolve(README, target).path));
		for (const file of files.filter((f) => f.startsWith('docs/') && f !== README_RU)) expect(linked).toContain(file);
		expect(linked).toContain('CONTRIBUTING.md');
		expect(linked).toContain(README_RU);
	});
});

describe('the checker itself', () => {
	test('GitHub anchors', () => {
		expect(slug('Try it in the real n8n: `npm start`')).toBe('try-it-in-the-real-n8n-npm-start');
		expect(slug('Queue mode (scale-out)')).toBe('queue-mode-scale-out');
		expect(slug('Payout → Create')).toBe('payout--create');
		expect(slug('[Output](docs/output.md): **one** schema')).toBe('output-one-schema');
		expect(slug('Учётные данные (credentials)')).toBe('учётные-данные-credentials');
		expect(headings('# A\n## A\n```\n## A\n```\n## A').map((h) => h.anchor)).toEqual(['a', 'a-1', 'a-2']);
	});

	test('a missing file, a missing heading and a link out of the repository are reported; code is not read', () => {
		const text = [
			'[ok](CONTRIBUTING.md#releasing) [gone](docs/no-such-file.md) ![icon](nodes/none.svg)',
			'[bad anchor](CONTRIBUTING.md#no-such-heading) [self](#here) [outside](../elsewhere.md)',
			'## Here',
			'`[in code](docs/nothing.md)` [site](https://example.invalid/x.md)',
			'```',
			'[in a block](docs/nothing.md)',
			'```',
		].join('\n');
		expect(brokenLinks(README, text)).toEqual([
			'README.md:1 → docs/no-such-file.md: no file docs/no-such-file.md',
			'README.md:1 → nodes/none.svg: no file nodes/none.svg',
			'README.md:2 → CONTRIBUTING.md#no-such-heading: CONTRIBUTING.md has no heading with the anchor #no-such-heading',
			'README.md:2 → ../elsewhere.md: points outside the repository',
		]);
	});
});

describe('the README', () => {
	const readme = read(README);

	test('is short enough to read in ten minutes', () => {
		expect(readme.split('\n').length).toBeLessThanOrEqual(300);
	});

	test('keeps the test command CI runs, and the start command', () => {
		const code = readme.match(/```bash\n[\s\S]*?```/g) ?? [];
		expect(code.some((block) => /^npm ci && npm test\b/m.test(block))).toBe(true);
		expect(code.some((block) => /^npm ci && npm start\b/m.test(block))).toBe(true);
	});
});

describe('the Russian README follows the English one', () => {
	const english = () => sections(README, README_RU);
	const russian = () => sections(README_RU, README);

	test('the same number of sections', () => {
		expect(english().length).toBeGreaterThan(8);
		expect(russian().map((part) => part.title)).toHaveLength(english().length);
	});

	test('in the same order, with the same links in each section', () => {
		const linksOf = (parts) => parts.map((part, i) => ({ section: i, links: [...part.links].sort() }));
		expect(linksOf(russian())).toEqual(linksOf(english()));
		expect(english().flatMap((part) => part.links).length).toBeGreaterThan(20);
	});

	test('and is written in Russian', () => {
		const prose = proseLines(read(README_RU))
			.map(({ line }) => withoutCodeSpans(line))
			.join(' ');
		const cyrillic = (prose.match(/[\u0400-\u04FF]/g) ?? []).length;
		const latin = (prose.match(/[A-Za-z]/g) ?? []).length;
		expect(cyrillic).toBeGreaterThan(latin);
	});
});
