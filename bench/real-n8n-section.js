'use strict';
/**
 * The "In the real n8n" section of BENCHMARKS.md: written by bench/real-n8n.js between two
 * markers, and kept as it is when bench/run.js rewrites the rest of the file.
 */
const fs = require('node:fs');
const path = require('node:path');

const BENCHMARKS = path.resolve(__dirname, '..', 'BENCHMARKS.md');
const MARKERS = ['<!-- real n8n: written by bench/real-n8n.js -->', '<!-- /real n8n -->'];
const HEADING = '## In the real n8n';

/** Where the marked section is in `text`: [start, end), or undefined. */
function findSection(text) {
	const start = text.indexOf(MARKERS[0]);
	const end = text.indexOf(MARKERS[1]);
	return start !== -1 && end > start ? [start, end + MARKERS[1].length] : undefined;
}

/** The section as BENCHMARKS.md has it now, with its heading; '' when it has none. */
function currentSection() {
	const text = fs.existsSync(BENCHMARKS) ? fs.readFileSync(BENCHMARKS, 'utf8') : '';
	const found = findSection(text);
	return found ? `${HEADING}\n\n${text.slice(...found)}\n` : '';
}

/** Puts `body` (from MARKERS[0] to MARKERS[1]) into BENCHMARKS.md, in place or at the end. */
function writeSection(body) {
	const text = fs.readFileSync(BENCHMARKS, 'utf8');
	const found = findSection(text);
	const updated = found
		? text.slice(0, found[0]) + body + text.slice(found[1])
		: `${text.trimEnd()}\n\n${HEADING}\n\n${body}\n`;
	fs.writeFileSync(BENCHMARKS, updated);
}

module.exports = { MARKERS, currentSection, writeSection };
