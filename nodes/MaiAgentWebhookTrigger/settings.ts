import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

type Setting = 'token' | 'replaceExistingUrl' | 'registerWhileTesting';

/** A setting of the trigger: under Options since version 1.1, at the top level in version 1. */
export function setting<T extends string | boolean>(
	ctx: IHookFunctions | IWebhookFunctions,
	name: Setting,
	fallback: T,
): T {
	const path = ctx.getNode().typeVersion >= 1.1 ? `options.${name}` : name;
	return ctx.getNodeParameter(path, fallback) as T;
}
