/**
 * Function size limits for the shipped code (issue 24): no function, method or arrow function under
 * nodes/ longer than 60 lines or with more than 4 parameters (an options object instead). Read with
 * the TypeScript compiler API, so a function's lines are its own (signature to closing brace),
 * comments inside included, and `this: IExecuteFunctions` is not a parameter.
 */
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const MAX_LINES = 60;
const MAX_PARAMETERS = 4;

const root = path.resolve(__dirname, '../../..');

interface Finding {
	/** `file:line function: what is wrong`. */
	message: string;
}

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return entry.name.endsWith('.ts') ? [file] : [];
	});
}

function nameOf(node: ts.Node): string | undefined {
	const named = node as { name?: ts.Node };
	if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name)))
		return named.name.text;
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	const parent = node.parent;
	if (
		(ts.isVariableDeclaration(parent) ||
			ts.isPropertyAssignment(parent) ||
			ts.isPropertyDeclaration(parent)) &&
		ts.isIdentifier(parent.name)
	)
		return parent.name.text;
	return undefined;
}

/** The function's name qualified by its enclosing classes and functions: `PassRun.read/(anonymous)`. */
function qualifiedName(node: ts.Node): string {
	let name = '';
	for (let at: ts.Node = node; !ts.isSourceFile(at); at = at.parent) {
		if (!ts.isFunctionLike(at) && !ts.isClassLike(at)) continue;
		const own = nameOf(at) ?? '(anonymous)';
		name = name ? `${own}${ts.isClassLike(at) ? '.' : '/'}${name}` : own;
	}
	return name;
}

/** Every function in `text` that breaks a limit; `file` is the path the messages name. */
function findOversized(file: string, text: string): Finding[] {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const findings: Finding[] = [];
	const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const name = qualifiedName(node);
			const start = line(node.getStart(source));
			const lines = line(node.getEnd()) - start + 1;
			const parameters = node.parameters.filter(
				(p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'),
			).length;
			const at = `${file}:${start} ${name}`;
			if (lines > MAX_LINES)
				findings.push({
					message: `${at}: ${lines} lines (max ${MAX_LINES})`,
				});
			if (parameters > MAX_PARAMETERS)
				findings.push({
					message: `${at}: ${parameters} parameters (max ${MAX_PARAMETERS}; use an options object)`,
				});
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return findings;
}

describe('function size limits', () => {
	const findings = sourceFiles(path.join(root, 'nodes')).flatMap((file) =>
		findOversized(
			path.relative(root, file).split(path.sep).join('/'),
			fs.readFileSync(file, 'utf8'),
		),
	);

	it(`no function under nodes/ is longer than ${MAX_LINES} lines or takes more than ${MAX_PARAMETERS} parameters`, () => {
		expect(findings.map((f) => f.message)).toEqual([]);
	});
});
