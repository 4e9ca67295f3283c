import * as React from 'react'
import { createElement, Suspense, use } from 'react'
import * as ReactDOM from 'react-dom'
import { preloadModule } from 'react-dom'
import * as jsxRuntime from 'react/jsx-runtime'
import { useNonce } from '../nonce'
import { mdxComponents } from './mdx-components'
import { getServerLesson, type MdxComponent } from './server-lessons'

type LessonModule = { default: (...scope: unknown[]) => { default: MdxComponent } }
/** A promise React's `use` reads at once when it is already settled (the fields React itself sets). */
type TrackedPromise<T> = Promise<T> & { status?: 'fulfilled' | 'rejected'; value?: T; reason?: unknown }

// One component per compiled lesson, created once and reused, so React keeps its identity (and
// the state of the interactive parts) across re-renders.
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

/** On the server: the component the lesson route's loader prepared (server-lessons.server.ts). */
function getServerComponent(src: string): MdxComponent {
	const component = getServerLesson(src)
	if (!component) throw new Error(`The lesson at ${src} was not prepared for server rendering.`)
	return component
}

/**
 * Starts (or reuses) the import of the lesson's module; resolves once the page can render the lesson
 * without waiting. Used on navigations in the browser, so a lesson appears whole with its page.
 */
export async function preloadLessonModule(src: string): Promise<void> {
	await loadBrowserComponent(src)
}

function LessonBody({ src }: { src: string }) {
	const component = typeof document === 'undefined' ? getServerComponent(src) : use(loadBrowserComponent(src))
	return createElement(component, { components: mdxComponents })
}

/**
 * The lesson's MDX. The server renders the component its loader prepared; the browser hydrates it
 * once the module at `src` has loaded (preloaded from the page's head), keeping the server's HTML on
 * screen meanwhile.
 */
export function LessonContent({ src }: { src: string }) {
	const nonce = useNonce()
	// Server only: the browser starts importing the module as it renders, and React would add a
	// second, nonce-less link beside the server's.
	if (typeof document === 'undefined') preloadModule(src, { as: 'script', nonce: nonce || undefined })
	return (
		<Suspense fallback={null}>
			<LessonBody src={src} />
		</Suspense>
	)
}
