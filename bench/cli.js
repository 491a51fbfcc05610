'use strict';
/** What the benchmark scripts share: reading their options, and the median of their runs. */

/** `--name value` from the command line, else the environment variable `environment`, else `fallback`. */
function option(name, fallback, environment) {
	const index = process.argv.indexOf(`--${name}`);
	if (index !== -1 && process.argv[index + 1] !== undefined) return process.argv[index + 1];
	return (environment && process.env[environment]) || fallback;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { option, median };
