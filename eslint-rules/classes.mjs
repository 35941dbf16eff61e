// Rules on node code: a node class's credentials and its `execute`, and fixed account IDs anywhere.
import {
	getProperty,
	implementsInterface,
	nodeDescription,
	stringOf,
	stringValue,
} from './ast.mjs';

const isNodeClass = (node) =>
	implementsInterface(node, 'INodeType') || implementsInterface(node, 'IVersionedNodeType');

/** `for`/`for...of` loops over `getInputData()` (called in the loop head or stored in a variable first). */
function isItemLoop(loop, inputVariables) {
	const head = loop.type === 'ForOfStatement' ? loop.right : loop.test;
	let found = false;
	const visit = (node) => {
		if (!node || found || typeof node.type !== 'string') return;
		if (node.type === 'Identifier' && inputVariables.has(node.name)) found = true;
		if (node.type === 'CallExpression' && calleeName(node) === 'getInputData') found = true;
		for (const [key, child] of Object.entries(node)) {
			if (key === 'parent') continue;
			if (Array.isArray(child)) child.forEach(visit);
			else if (child && typeof child === 'object') visit(child);
		}
	};
	visit(head);
	return found;
}

const calleeName = (call) =>
	call.callee.type === 'MemberExpression' && call.callee.property.type === 'Identifier'
		? call.callee.property.name
		: call.callee.type === 'Identifier'
			? call.callee.name
			: null;

export const nodeOperationErrorItemindex = {
	meta: {
		type: 'problem',
		docs: {
			description: 'NodeOperationError / NodeApiError thrown in an item loop carry `{ itemIndex }`',
		},
		messages: {
			missing: '{{ error }} in a loop over the input items needs `{ itemIndex }` in its options.',
		},
		schema: [],
	},
	create(context) {
		const inputVariables = new Set();
		const loops = [];
		const enter = (loop) => loops.push(isItemLoop(loop, inputVariables));
		const leave = () => loops.pop();
		return {
			VariableDeclarator(node) {
				if (
					node.id.type === 'Identifier' &&
					node.init?.type === 'CallExpression' &&
					calleeName(node.init) === 'getInputData'
				) {
					inputVariables.add(node.id.name);
				}
			},
			ForStatement: enter,
			'ForStatement:exit': leave,
			ForOfStatement: enter,
			'ForOfStatement:exit': leave,
			NewExpression(node) {
				if (!loops.includes(true) || node.callee.type !== 'Identifier') return;
				if (!['NodeOperationError', 'NodeApiError'].includes(node.callee.name)) return;
				const options = node.arguments[2];
				const ok =
					options?.type === 'ObjectExpression'
						? options.properties.some(
								(p) => p.type === 'SpreadElement' || getProperty(options, 'itemIndex') === p,
							)
						: options !== undefined;
				if (!ok) context.report({ node, messageId: 'missing', data: { error: node.callee.name } });
			},
		};
	},
};

/** The `execute` methods of a node class (a method or a function-valued property). */
function executeMethods(classNode) {
	return classNode.body.body
		.filter(
			(member) =>
				!member.computed && member.key?.type === 'Identifier' && member.key.name === 'execute',
		)
		.filter((member) => member.type === 'PropertyDefinition' || member.kind === 'method')
		.map((member) => member.value)
		.filter((fn) => fn?.type === 'FunctionExpression' || fn?.type === 'ArrowFunctionExpression');
}

function containsCall(root, predicate) {
	let found = false;
	const visit = (node) => {
		if (!node || found || typeof node.type !== 'string') return;
		if (node.type === 'CallExpression' && predicate(node)) found = true;
		for (const [key, child] of Object.entries(node)) {
			if (key === 'parent') continue;
			if (Array.isArray(child)) child.forEach(visit);
			else if (child && typeof child === 'object') visit(child);
		}
	};
	visit(root);
	return found;
}

export const requireContinueOnFail = {
	meta: {
		type: 'problem',
		docs: { description: "A node's execute() handles this.continueOnFail()" },
		messages: {
			missing: 'execute() never checks continueOnFail(): one failing item stops the workflow.',
		},
		schema: [],
	},
	create: (context) => ({
		ClassDeclaration(node) {
			if (!isNodeClass(node)) return;
			for (const fn of executeMethods(node)) {
				if (!containsCall(fn.body, (call) => calleeName(call) === 'continueOnFail')) {
					context.report({ node: fn, messageId: 'missing' });
				}
			}
		},
	}),
};

const HTTP_HELPERS = new Set([
	'httpRequest',
	'httpRequestWithAuthentication',
	'request',
	'requestWithAuthentication',
	'requestOAuth1',
	'requestOAuth2',
]);

export const preferDeclarativeStyle = {
	meta: {
		type: 'suggestion',
		docs: {
			description:
				'A node whose execute() sends one HTTP request per item is written declaratively',
		},
		messages: {
			declarative:
				'execute() sends one HTTP request per input item: use `routing` and `requestDefaults` instead.',
		},
		schema: [],
	},
	create: (context) => ({
		ClassDeclaration(node) {
			if (!isNodeClass(node)) return;
			for (const fn of executeMethods(node)) {
				const inputVariables = new Set();
				const loops = [];
				const requests = [];
				let skip = false;
				const visit = (n, inLoop) => {
					if (!n || typeof n.type !== 'string') return;
					if (
						n.type === 'VariableDeclarator' &&
						n.init?.type === 'CallExpression' &&
						calleeName(n.init) === 'getInputData' &&
						n.id.type === 'Identifier'
					)
						inputVariables.add(n.id.name);
					if (n.type === 'CallExpression') {
						const name = calleeName(n);
						if (HTTP_HELPERS.has(name)) requests.push(inLoop);
						if (
							['getWorkflowStaticData', 'getBinaryDataBuffer', 'prepareBinaryData'].includes(
								name,
							) ||
							/paginat/i.test(name ?? '')
						)
							skip = true;
					}
					const loop =
						(n.type === 'ForStatement' || n.type === 'ForOfStatement') &&
						isItemLoop(n, inputVariables);
					if (loop) loops.push(n);
					for (const [key, child] of Object.entries(n)) {
						if (key === 'parent') continue;
						if (Array.isArray(child)) child.forEach((c) => visit(c, inLoop || loop));
						else if (child && typeof child === 'object') visit(child, inLoop || loop);
					}
				};
				visit(fn.body, false);
				if (!skip && loops.length === 1 && requests.length === 1 && requests[0]) {
					context.report({ node: fn, messageId: 'declarative' });
				}
			}
		},
	}),
};

/** One credential at a time: several only behind disjoint `displayOptions.show` values of one selector. */
export const singleCredentialPerNode = {
	meta: {
		type: 'problem',
		docs: { description: 'A node uses one credential at a time' },
		messages: {
			several:
				'Credentials "{{ names }}" can be active together: show each for a different value of one selector.',
		},
		schema: [],
	},
	create: (context) => ({
		ClassDeclaration(node) {
			if (!isNodeClass(node)) return;
			const credentials = getProperty(nodeDescription(node), 'credentials')?.value;
			if (credentials?.type !== 'ArrayExpression' || credentials.elements.length < 2) return;
			const shows = credentials.elements.map(
				(element) => getProperty(getProperty(element, 'displayOptions')?.value, 'show')?.value,
			);
			const exclusive =
				shows.every(Boolean) &&
				shows[0].properties.some((selector) => {
					const key = selector.key?.name ?? selector.key?.value;
					const valueSets = shows.map((show) => {
						const values = getProperty(show, key)?.value;
						return values?.type === 'ArrayExpression' &&
							values.elements.every((v) => v?.type === 'Literal')
							? values.elements.map((v) => v.value)
							: null;
					});
					if (valueSets.some((set) => set === null)) return false;
					const all = valueSets.flat();
					return new Set(all).size === all.length;
				});
			if (!exclusive) {
				const names = credentials.elements.map((element) => stringOf(element, 'name')).join('", "');
				context.report({ node: credentials, messageId: 'several', data: { names } });
			}
		},
	}),
};

const ACCOUNT_ID = /^(partner|affiliate|reseller|account|tenant|customer|client)[_-]?id$/i;

export const noHardcodedIds = {
	meta: {
		type: 'problem',
		docs: {
			description: 'No fixed partner, account, tenant, customer or client ID in node source',
		},
		messages: {
			fixed: '"{{ name }}" is a fixed string: read it from a parameter or the credential.',
		},
		schema: [],
	},
	create(context) {
		const check = (name, value, node) => {
			if (name && ACCOUNT_ID.test(name) && stringValue(value) !== null)
				context.report({ node, messageId: 'fixed', data: { name } });
		};
		return {
			Property: (node) =>
				check(
					node.key.type === 'Identifier' ? node.key.name : stringValue(node.key),
					node.value,
					node,
				),
			VariableDeclarator: (node) =>
				check(node.id.type === 'Identifier' ? node.id.name : null, node.init, node),
			AssignmentExpression: (node) =>
				check(
					node.left.type === 'MemberExpression' && node.left.property.type === 'Identifier'
						? node.left.property.name
						: node.left.name,
					node.right,
					node,
				),
			PropertyDefinition: (node) =>
				check(node.key.type === 'Identifier' ? node.key.name : null, node.value, node),
		};
	},
};
