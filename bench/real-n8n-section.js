'use strict';
/**
 * The parts of BENCHMARKS.md that bench/run.js does not write, each between two markers, kept as
 * they are when bench/run.js rewrites the rest of the file:
 *
 * - the targets table at the top (issues 18 and 25: each target, the measured figure, met or not), filled
 *   in from the runs of the real-n8n scripts;
 * - "In the real n8n", written by bench/real-n8n.js;
 * - "Where money arrives", written by bench/real-n8n-notifications.js.
 */
const fs = require('node:fs');
const path = require('node:path');

const BENCHMARKS = path.resolve(__dirname, '..', 'BENCHMARKS.md');
const SECTIONS = {
	targets: { markers: ['<!-- targets -->', '<!-- /targets -->'], heading: '## Targets (issues 18 and 25)' },
	realN8n: { markers: ['<!-- real n8n: written by bench/real-n8n.js -->', '<!-- /real n8n -->'], heading: '## In the real n8n' },
	notifications: {
		markers: ['<!-- notifications: written by bench/real-n8n-notifications.js -->', '<!-- /notifications -->'],
		heading: '## Where money arrives',
	},
};
const MARKERS = SECTIONS.realN8n.markers;

/** Where the marked section is in `text`: [start, end), or undefined. */
function findSection(text, markers) {
	const start = text.indexOf(markers[0]);
	const end = text.indexOf(markers[1]);
	return start !== -1 && end > start ? [start, end + markers[1].length] : undefined;
}

/** A section as BENCHMARKS.md has it now, with its heading; '' when it has none. */
function currentSection(name = 'realN8n') {
	const { markers, heading } = SECTIONS[name];
	const text = fs.existsSync(BENCHMARKS) ? fs.readFileSync(BENCHMARKS, 'utf8') : '';
	const found = findSection(text, markers);
	return found ? `${heading}\n\n${text.slice(...found)}\n` : '';
}

/** Puts `body` (from its first marker to its last) into BENCHMARKS.md, in place or at the end. */
function writeSection(body, name = 'realN8n') {
	const { markers, heading } = SECTIONS[name];
	const text = fs.readFileSync(BENCHMARKS, 'utf8');
	const found = findSection(text, markers);
	const updated = found
		? text.slice(0, found[0]) + body + text.slice(found[1])
		: `${text.trimEnd()}\n\n${heading}\n\n${body}\n`;
	fs.writeFileSync(BENCHMARKS, updated);
}

module.exports = { MARKERS, SECTIONS, currentSection, writeSection };
