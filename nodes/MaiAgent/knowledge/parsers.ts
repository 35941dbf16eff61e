/**
 * MaiAgent's parsers by file type (`parsers/supported-file-types/`, read by MaiAgent's own parser
 * example as a list of `{fileType: ".pdf", parsers: [{id, name, provider, isDefault}]}`). A chosen
 * parser is checked against it before anything is uploaded; a tenant without the route leaves the
 * check to MaiAgent's answer on registration. The Parser option's picker lists the same.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { MaiAgentContext } from '../../shared/transport/request';
import { maiagentApi } from '../../shared/transport/request';
import type { RequestScope } from '../../shared/transport/retry';

export interface Parser {
	id: string;
	name: string;
	provider?: string;
	isDefault?: boolean;
}

export interface SupportedType {
	/** Without the dot, lower case. */
	fileType: string;
	parsers: Parser[];
}

/** The list, read once per execution (every item of an Upload shares it). */
const byExecution = new WeakMap<object, Promise<SupportedType[] | undefined>>();

export async function fetchSupportedTypes(
	ctx: MaiAgentContext,
	scope: RequestScope,
): Promise<SupportedType[] | undefined> {
	const answer = await maiagentApi<unknown>(
		ctx,
		{ url: 'parsers/supported-file-types/' },
		scope,
	).catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw error;
	});
	if (!Array.isArray(answer)) return undefined;
	return (answer as Array<{ fileType?: unknown; parsers?: unknown }>).map((entry) => ({
		fileType: String(entry.fileType ?? '')
			.replace(/^\./, '')
			.toLowerCase(),
		parsers: Array.isArray(entry.parsers) ? (entry.parsers as Parser[]) : [],
	}));
}

const listed = (parsers: Parser[]) =>
	parsers.map((parser) => `${parser.name} (${parser.id})`).join(', ');

/**
 * Fails with a clear error when `parser` is not one of MaiAgent's parsers, or does not read files
 * of `fileType` (when given: Reparse does not know the file's type).
 */
export async function checkParser(
	ctx: IExecuteFunctions,
	check: { parser: string; fileType?: string; itemIndex: number },
	scope: RequestScope,
): Promise<void> {
	let types = byExecution.get(ctx);
	if (!types) byExecution.set(ctx, (types = fetchSupportedTypes(ctx, scope)));
	const supported = await types;
	if (!supported) return;
	const { parser, fileType, itemIndex } = check;
	const all = [...new Map(supported.flatMap((t) => t.parsers).map((p) => [p.id, p])).values()];
	const known = all.find((p) => p.id.toLowerCase() === parser.toLowerCase());
	if (!known) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parser "${parser}" is not one of MaiAgent's parsers`,
			{
				itemIndex,
				description: `MaiAgent's parsers: ${listed(all)}`,
			},
		);
	}
	if (fileType === undefined) return;
	const forType = supported.find((t) => t.fileType === fileType)?.parsers ?? [];
	if (!forType.some((p) => p.id === known.id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parser "${known.name}" does not read .${fileType} files`,
			{
				itemIndex,
				description: forType.length
					? `Parsers for .${fileType} files: ${listed(forType)}`
					: `MaiAgent lists no parser for .${fileType} files`,
			},
		);
	}
}

/** MaiAgent's parsers, each with the file types it reads; first, the default for the file's type. */
export async function getParsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const types =
		(await fetchSupportedTypes(this, { operation: 'List parsers', maxRetries: 1 })) ?? [];
	const parsers = new Map<string, { name: string; types: string[] }>();
	for (const { fileType, parsers: readers } of types) {
		for (const parser of readers) {
			const name = parser.provider ? `${parser.name} (${parser.provider})` : parser.name;
			const entry = parsers.get(parser.id) ?? { name, types: [] };
			entry.types.push(`.${fileType}`);
			parsers.set(parser.id, entry);
		}
	}
	return [
		{ name: 'Default for the File Type', value: '' },
		...[...parsers]
			.map(([id, { name, types: read }]) => ({ name, value: id, description: read.join(', ') }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	];
}
