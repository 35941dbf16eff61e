/**
 * Registering this trigger's URL as the AI assistant's `webhookUrl` (opt-in). MaiAgent has one URL
 * per assistant and no subscription API, so registration is careful: a different URL already set is
 * replaced only when the user says so, the URL found is remembered and put back on deactivation (if
 * nobody changed it meanwhile), and listening for a test event leaves the URL alone unless asked.
 *
 * n8n's lifecycle: activation calls `checkExists`, then `create` when it answered false; deactivation
 * (and the end of test listening) calls `delete`. State lives in the node's workflow static data,
 * which n8n saves after these calls (test listening keeps its own copy in memory).
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maiagentApi } from '../shared/transport/request';
import { requireId } from '../shared/helpers/validate';

interface Registration {
	chatbot: string;
	/** The URL this node set. */
	url: string;
	/** What the assistant had before (null: none). */
	previousUrl: string | null;
}

interface Plan {
	/** Nothing to register: manual registration, or test listening without "Register While Testing". */
	skip: boolean;
	testing: boolean;
	chatbot: string;
	url: string;
}

function planOf(ctx: IHookFunctions): Plan {
	const automatic = ctx.getNodeParameter('registerAutomatically', false) as boolean;
	const testing = ctx.getMode() === 'manual' || ctx.getActivationMode() === 'manual';
	const duringTests = ctx.getNodeParameter('options.registerWhileTesting', false) as boolean;
	const skip = !automatic || (testing && !duringTests);
	const chatbot = skip
		? ''
		: requireId(
				ctx.getNode(),
				ctx.getNodeParameter('chatbot', '', { extractValue: true }),
				'AI Assistant',
				0,
			);
	return { skip, testing, chatbot, url: webhookUrlOf(ctx) };
}

/** The URL MaiAgent must call: this node's webhook URL (test or production) plus the secret token. */
export function webhookUrlOf(ctx: IHookFunctions): string {
	const base = ctx.getNodeWebhookUrl('default') ?? '';
	const token = ctx.getNodeParameter('options.token', '') as string;
	return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

/** Whether `url` is one of this node's own URLs (test or production, any token): its unguessable path. */
function isOwnUrl(ctx: IHookFunctions, url: string): boolean {
	const webhookId = ctx.getNode().webhookId;
	if (!webhookId) return false;
	try {
		return new URL(url).pathname.endsWith(`/${webhookId}/webhook`);
	} catch {
		return false;
	}
}

/** Same endpoint, whatever the query (the token). */
function sameBase(a: string, b: string): boolean {
	return a.split('?')[0] === b.split('?')[0];
}

/** A URL as shown in errors: no query string (it may hold another receiver's secret). */
function shown(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
	} catch {
		return '(not a URL)';
	}
}

async function currentUrl(
	ctx: IHookFunctions,
	chatbot: string,
	operation: string,
): Promise<string | null> {
	const detail = await maiagentApi<IDataObject>(
		ctx,
		{ url: `chatbots/${chatbot}/` },
		{ operation },
	);
	const url = detail.webhookUrl;
	return typeof url === 'string' ? url : null;
}

async function setUrl(ctx: IHookFunctions, chatbot: string, url: string | null, operation: string) {
	await maiagentApi(
		ctx,
		{ method: 'PATCH', url: `chatbots/${chatbot}/`, body: { webhookUrl: url } },
		{ operation },
	);
}

const REGISTER = 'Register the webhook URL in MaiAgent';
const RESTORE = 'Restore the previous webhook URL in MaiAgent';

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const plan = planOf(this);
	if (plan.skip) return true;
	const stored = this.getWorkflowStaticData('node').registration as Registration | undefined;
	// Registered by this node and still in place: nothing to do (`previousUrl` is kept).
	if (!stored || stored.chatbot !== plan.chatbot) return false;
	return (await currentUrl(this, plan.chatbot, REGISTER)) === plan.url;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const plan = planOf(this);
	if (plan.skip) return true;
	const data = this.getWorkflowStaticData('node');
	const stored = data.registration as Registration | undefined;
	const existing = await currentUrl(this, plan.chatbot, REGISTER);
	const own = existing !== null && existing !== '' && isOwnUrl(this, existing);
	if (
		existing &&
		!own &&
		!(this.getNodeParameter('options.replaceExistingUrl', false) as boolean)
	) {
		throw new NodeOperationError(
			this.getNode(),
			`The AI assistant already sends its webhook to ${shown(existing)}`,
			{
				description:
					'MaiAgent has one webhook URL per AI assistant. Turn on "Replace Existing URL" to point it to this workflow (the current URL is put back when the workflow is deactivated), or clear the URL in MaiAgent first.',
			},
		);
	}
	if (existing !== plan.url) await setUrl(this, plan.chatbot, plan.url, REGISTER);
	let previousUrl = existing;
	if (own) {
		if (plan.testing) {
			// Over the production URL of this node: put it back when listening stops.
			previousUrl = sameBase(existing, plan.url) ? null : existing;
		} else {
			// A leftover of this node (a crash, another token): keep what was there before it.
			const leftover =
				stored?.chatbot === plan.chatbot && sameBase(stored.url, plan.url) ? stored : undefined;
			previousUrl = leftover ? leftover.previousUrl : null;
		}
	}
	data.registration = { chatbot: plan.chatbot, url: plan.url, previousUrl } satisfies Registration;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const stored = data.registration as Registration | undefined;
	// Test listening starts from a copy of the saved static data: only undo what this endpoint did.
	if (!stored || !sameBase(stored.url, webhookUrlOf(this))) return true;
	// Someone (the console, another workflow) changed the URL since: theirs now, leave it.
	if ((await currentUrl(this, stored.chatbot, RESTORE)) === stored.url) {
		await setUrl(this, stored.chatbot, stored.previousUrl, RESTORE);
	}
	delete data.registration;
	return true;
}
