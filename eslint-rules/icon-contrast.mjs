// icon-contrast: the SVG icons of nodes and credentials stay visible on the canvas's light (white)
// and dark (#2b2b2b) node backgrounds, by the WCAG contrast ratio of their best paint.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import {
	classProperty,
	getProperty,
	implementsInterface,
	nodeDescription,
	stringValue,
} from './ast.mjs';

const BACKGROUNDS = { light: [255, 255, 255], dark: [0x2b, 0x2b, 0x2b] };
const NAMED = {
	black: [0, 0, 0],
	white: [255, 255, 255],
	red: [255, 0, 0],
	blue: [0, 0, 255],
	green: [0, 128, 0],
	gray: [128, 128, 128],
	grey: [128, 128, 128],
};

function parseColor(raw) {
	let value = raw.trim().toLowerCase();
	// An SVG drawn as an image inherits no page color: currentColor is black, var() its fallback.
	const variable = /^var\([^,]+,\s*(.+)\)$/.exec(value);
	if (variable) value = variable[1];
	else if (value.startsWith('var(') || value === 'currentcolor') return [0, 0, 0];
	if (value === 'none' || value === 'transparent' || value.startsWith('url(')) return null;
	if (NAMED[value]) return NAMED[value];
	let hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
	if (hex) {
		if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
		return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
	}
	const rgb = /^rgba?\(([^)]+)\)$/.exec(value);
	if (rgb)
		return rgb[1]
			.split(/[\s,/]+/)
			.slice(0, 3)
			.map((part) => (part.endsWith('%') ? 2.55 * parseFloat(part) : parseFloat(part)));
	return null;
}

const channel = (c) => {
	const s = c / 255;
	return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
export function contrast(a, b) {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** The paints of an SVG: fill, stroke and stop-color from attributes, style attributes and <style>. */
export function svgPaints(svg) {
	const text = svg.replace(/<image\b[^>]*>/gi, '');
	const paints = [];
	for (const match of text.matchAll(
		/\b(?:fill|stroke|stop-color)\s*(?:=\s*["']([^"']+)["']|:\s*([^;"'}]+))/gi,
	)) {
		const color = parseColor(match[1] ?? match[2]);
		if (color) paints.push(color);
	}
	// Shapes without a fill declaration are painted black.
	if (!/\bfill\s*[=:]/i.test(text)) paints.push([0, 0, 0]);
	return paints;
}

/** `file:` icons of a node description or credential class, as [theme or null, path, AST node]. */
function iconFiles(icon) {
	const single = stringValue(icon?.value);
	if (single?.startsWith('file:')) return [[null, single.slice(5), icon]];
	return ['light', 'dark'].flatMap((theme) => {
		const file = getProperty(icon?.value, theme);
		const path = stringValue(file?.value);
		return path?.startsWith('file:') ? [[theme, path.slice(5), file]] : [];
	});
}

export const iconContrast = {
	meta: {
		type: 'suggestion',
		docs: {
			description: 'SVG icons keep a minimum contrast on the light and dark node backgrounds',
		},
		messages: {
			low: '{{ file }} has contrast {{ ratio }}:1 on the {{ theme }} background, below {{ minimum }}:1.',
		},
		schema: [
			{ type: 'object', properties: { minimum: { type: 'number' } }, additionalProperties: false },
		],
	},
	create(context) {
		const minimum = context.options[0]?.minimum ?? 1.5;
		const check = (icon) => {
			for (const [theme, path, node] of iconFiles(icon)) {
				const file = resolve(dirname(context.filename), path);
				if (!existsSync(file)) continue;
				const paints = svgPaints(readFileSync(file, 'utf8'));
				for (const background of theme ? [theme] : ['light', 'dark']) {
					const best = Math.max(
						0,
						...paints.map((paint) => contrast(paint, BACKGROUNDS[background])),
					);
					if (best < minimum) {
						context.report({
							node,
							messageId: 'low',
							data: { file: path, ratio: best.toFixed(2), theme: background, minimum },
						});
					}
				}
			}
		};
		return {
			ClassDeclaration(node) {
				if (implementsInterface(node, 'INodeType'))
					check(getProperty(nodeDescription(node), 'icon'));
				if (implementsInterface(node, 'ICredentialType')) check(classProperty(node, 'icon'));
			},
		};
	},
};
