// What the mirrored rules share: reading object literals, string values and node classes.
export const keyName = (property) =>
	property.type === 'Property' && !property.computed
		? property.key.type === 'Identifier'
			? property.key.name
			: property.key.type === 'Literal'
				? String(property.key.value)
				: null
		: null;

/** The `Property` of an object literal with this key, or undefined. */
export const getProperty = (object, name) =>
	object?.type === 'ObjectExpression'
		? object.properties.find((property) => keyName(property) === name)
		: undefined;

/** A string literal's value (or a template literal without expressions), else null. */
export function stringValue(node) {
	if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
	if (node?.type === 'TemplateLiteral' && node.expressions.length === 0)
		return node.quasis[0].value.cooked;
	return null;
}

export const stringOf = (object, name) => stringValue(getProperty(object, name)?.value);

/** The parameter types n8n knows (INodeProperties['type']). */
const PARAMETER_TYPES = new Set([
	'assignmentCollection',
	'boolean',
	'button',
	'callout',
	'collection',
	'color',
	'credentials',
	'credentialsSelect',
	'curlImport',
	'dateTime',
	'filter',
	'fixedCollection',
	'hidden',
	'icon',
	'json',
	'multiOptions',
	'notice',
	'number',
	'options',
	'resourceLocator',
	'resourceMapper',
	'string',
	'workflowSelector',
]);

/**
 * A node parameter written as an object literal: `displayName`, `name` and a known `type`. The
 * rules look for them in every file of nodes/ and credentials/, not only in a class's
 * `description`: this package builds its description from operation files.
 */
export function isParameter(node) {
	if (node?.type !== 'ObjectExpression' || isLocatorMode(node)) return false;
	const type = stringOf(node, 'type');
	return (
		type !== null &&
		PARAMETER_TYPES.has(type) &&
		getProperty(node, 'name') !== undefined &&
		getProperty(node, 'displayName') !== undefined
	);
}

/** A resource locator's mode (`modes: [{ displayName, name, type }]`) looks like a parameter but is not one. */
const isLocatorMode = (node) =>
	node.parent?.type === 'ArrayExpression' &&
	node.parent.parent?.type === 'Property' &&
	keyName(node.parent.parent) === 'modes';

/** The object literals of a parameter's `options` array, or null when it is not a literal array. */
export function optionObjects(parameter) {
	const options = getProperty(parameter, 'options')?.value;
	return options?.type === 'ArrayExpression' ? options : null;
}

/** A class that is a node (`implements INodeType`) or a credential (`implements ICredentialType`). */
export const implementsInterface = (classNode, name) =>
	(classNode.implements ?? []).some(
		(clause) => clause.expression.type === 'Identifier' && clause.expression.name === name,
	);

export const classProperty = (classNode, name) =>
	classNode.body.body.find(
		(member) =>
			member.type === 'PropertyDefinition' &&
			!member.computed &&
			member.key.type === 'Identifier' &&
			member.key.name === name,
	);

/** The `description` object literal of a node class, or null. */
export function nodeDescription(classNode) {
	const value = classProperty(classNode, 'description')?.value;
	return value?.type === 'ObjectExpression' ? value : null;
}

/** The top-level object of a JSON file parsed by typescript-eslint's parser. */
export function jsonRoot(program) {
	const [statement] = program.body;
	return statement?.type === 'ExpressionStatement' &&
		statement.expression.type === 'ObjectExpression'
		? statement.expression
		: null;
}

/** A JSON value as plain data (the rules that read a JSON file read it this way). */
export function jsonValue(node) {
	switch (node?.type) {
		case 'Literal':
			return node.value;
		case 'ArrayExpression':
			return node.elements.map(jsonValue);
		case 'ObjectExpression':
			return Object.fromEntries(node.properties.map((p) => [keyName(p), jsonValue(p.value)]));
		case 'UnaryExpression':
			return node.operator === '-' ? -jsonValue(node.argument) : undefined;
		default:
			return undefined;
	}
}
