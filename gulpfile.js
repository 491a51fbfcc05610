const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

// tsc compiles the TypeScript; the SVG icons are copied next to the compiled files.
function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false });
	const nodeDestination = path.resolve('dist', 'nodes');
	nodeIcons.pipe(dest(nodeDestination));

	const credIcons = src(path.resolve('credentials', '**', '*.{png,svg}'), {
		encoding: false,
		allowEmpty: true,
	});
	const credDestination = path.resolve('dist', 'credentials');
	return credIcons.pipe(dest(credDestination));
}
