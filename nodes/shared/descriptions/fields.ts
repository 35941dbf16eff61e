/**
 * Fields many operations share: Name, Additional / Update Fields, Options (with the retry settings),
 * Filters, Return All / Limit, Simplify.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The required Name of what a Create (or a label's Update) makes. */
export const nameField = (description?: string): INodeProperties => ({
	displayName: 'Name',
	name: 'name',
	type: 'string',
	required: true,
	default: '',
	...(description ? { description } : {}),
});

/** A Create's optional fields ("Additional Fields") or an Update's ("Update Fields"), in that order. */
export function fieldsCollection(
	name: 'additionalFields' | 'updateFields',
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: name === 'additionalFields' ? 'Additional Fields' : 'Update Fields',
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}

/** Retry settings every operation offers in its Options. */
const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How many times to retry when MaiAgent rate limits (429) or is unavailable (503), and for reads also after server errors and dropped connections',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			"Longest wait before a retry. Waits follow MaiAgent's Retry-After header, else double from 0.5 s; a longer Retry-After fails at once.",
	},
];

/**
 * The operation's "Options" collection: its own options (sorted by name, as n8n's UX asks) and the
 * retry settings every operation has.
 */
export function optionsCollection(options: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Plain comparison: the first localeCompare call loads ICU collation data (about 5 ms of
		// n8n's start-up for this package).
		options: [...options, ...retryOptions].sort((a, b) => (a.displayName < b.displayName ? -1 : 1)),
	};
}

/**
 * A Get Many operation's "Filters" collection (the router shows each filter only for its own
 * operation: see `showFor`).
 */
export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filters,
	};
}

/** "Created After" / "Created Before" filters (MaiAgent has no such query: filtered in the node). */
export function createdFilters(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: `Only ${noun} created after this moment`,
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: `Only ${noun} created before this moment`,
		},
	];
}

const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

export const simplifyField = (): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a simplified version of the response instead of the raw data (adds ISO 8601 times next to the millisecond timestamps)',
});

/**
 * The fields a Get Many operation ends with: Return All / Limit, Filters (none when the list has
 * no filter), Simplify, Options.
 */
export function listFields(filters: INodeProperties[]): INodeProperties[] {
	return [
		...returnAllAndLimit,
		...(filters.length ? [filtersCollection(filters)] : []),
		...getFields(),
	];
}

/** The fields a Get operation ends with: Simplify, Options. */
export function getFields(): INodeProperties[] {
	return [simplifyField(), optionsCollection()];
}
