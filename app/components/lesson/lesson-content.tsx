import { getMDXComponent } from 'mdx-bundler/client'
import * as React from 'react'
import { createElement, Suspense, use, type ComponentType } from 'react'
import * as ReactDOM from 'react-dom'
import { preloadModule } from 'react-dom'
import * as jsxRuntime from 'react/jsx-runtime'
import { useNonce } from '../nonce'
import { mdxComponents } from './mdx-components'

type MdxComponent = ComponentType<{ components: typeof mdxComponents }>
type LessonModule = { default: (...scope: unknown[]) => { default: MdxComponent } }
/** A promise React's `use` reads at once when it is already settled (the fields React itself sets). */
type TrackedPromise<T> = Promise<T> & { status?: 'fulfilled' | 'rejected'; value?: T; reason?: unknown }

// One component per compiled lesson, created once and reused, so React keeps its identity (and
// the state of the interactive parts) across re-renders.
const cache = new Map<string, MdxComponent>()

/** On the server: mdx-bundler evaluates the compiled code (no Content-Security-Policy applies there). */
function getServerComponent(code: string): MdxComponent {
	let component = cache.get(code)
	if (!component) {
		component = getMDXComponent(code) as MdxComponent
		if (cache.size > 50) cache.clear()
		cache.set(code, component)
	}
	return component
}

const browserModules = new Map<string, TrackedPromise<MdxComponent>>()

/**
 * In the browser: the same code served as a module from this site (routes/paths/lesson-module.ts),
 * because the page's Content-Security-Policy forbids evaluating strings (`new Function`).
 */
function loadBrowserComponent(src: string): TrackedPromise<MdxComponent> {
	let promise = browserModules.get(src)
	if (!promise) {
		const loading: TrackedPromise<MdxComponent> = import(/* @vite-ignore */ src).then(
			(module: LessonModule) => module.default(React, ReactDOM, jsxRuntime).default,
		)
		loading.then(
			(value) => Object.assign(loading, { status: 'fulfilled', value }),
			(reason: unknown) => Object.assign(loading, { status: 'rejected', reason }),
		)
		if (browserModules.size > 50) browserModules.clear()
		browserModules.set(src, loading)
		promise = loading
	}
	return promise
}

function LessonBody({ code, src }: { code: string; src: string }) {
	const component = typeof document === 'undefined' ? getServerComponent(code) : use(loadBrowserComponent(src))
	return createElement(component, { components: mdxComponents })
}

/**
 * The lesson's MDX. The server renders it from `code`; the browser hydrates it once the module at
 * `src` has loaded (preloaded from the page's head), keeping the server's HTML on screen meanwhile.
 */
export function LessonContent({ code, src }: { code: string; src: string }) {
	const nonce = useNonce()
	// Server only: the browser starts importing the module as it renders, and React would add a
	// second, nonce-less link beside the server's.
	if (typeof document === 'undefined') preloadModule(src, { as: 'script', nonce: nonce || undefined })
	return (
		<Suspense fallback={null}>
			<LessonBody code={code} src={src} />
		</Suspense>
	)
}
