/**
 * Route tables and matching. Patterns are relative to a mount prefix ("/api/v1/", "/api/", "/storage/"):
 * `:name` matches one UUID segment (lower-cased; anything else does not match, so malformed ids are
 * 404 like Django's `<uuid:pk>`), `*name` matches the rest of the path. Routes end with "/" like
 * Django's; with `slash: 'optional'` the slash-less form is also accepted (contacts sub-routes), else a
 * slash-less path is answered with Django's APPEND_SLASH 301 redirect.
 */
import type { Handler } from './http.cts';
import * as random from './random.cts';

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	pattern: string;
	handler: Handler;
	/** Whether `Authorization: Api-Key` is required (default true). */
	auth?: boolean;
	slash?: 'required' | 'optional';
}

export type Match =
	| { kind: 'route'; route: Route; params: Record<string, string> }
	| { kind: 'redirect'; location: string }
	| { kind: 'method'; allowed: string[] }
	| { kind: 'none' };

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
	const want = pattern.split('/');
	const got = path.split('/');
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		const segment = want[i];
		if (segment.startsWith('*')) {
			const rest = got.slice(i).join('/');
			if (!rest) return undefined;
			params[segment.slice(1)] = decodeURIComponent(rest);
			return params;
		}
		if (i >= got.length) return undefined;
		if (segment.startsWith(':')) {
			if (!random.isUuid(got[i])) return undefined;
			params[segment.slice(1)] = got[i].toLowerCase();
		} else if (segment !== got[i]) return undefined;
	}
	return got.length === want.length ? params : undefined;
}

export function matchRoute(routes: Route[], method: string, path: string, search: string): Match {
	const candidates = routes.flatMap((route) => {
		const params =
			matchPattern(route.pattern, path) ??
			(route.slash === 'optional' && !path.endsWith('/')
				? matchPattern(route.pattern, `${path}/`)
				: undefined);
		return params ? [{ route, params }] : [];
	});
	const hit = candidates.find((c) => c.route.method === method);
	if (hit) return { kind: 'route', ...hit };
	if (candidates.length > 0)
		return { kind: 'method', allowed: [...new Set(candidates.map((c) => c.route.method))] };
	if (!path.endsWith('/') && routes.some((route) => matchPattern(route.pattern, `${path}/`))) {
		return { kind: 'redirect', location: `${path}/${search}` };
	}
	return { kind: 'none' };
}
