module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 30_000,
	// A quiet log: n8n's own log lines (errors the tests provoke on purpose) are not printed. The
	// harness still records every line, to check that no secret is ever logged.
	silent: true,
};
