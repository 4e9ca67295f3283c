import { getMDXComponent } from 'mdx-bundler/client'
import { createElement, type ComponentType } from 'react'
import { mdxComponents } from './mdx-components'

type MdxComponent = ComponentType<{ components: typeof mdxComponents }>

// One component per compiled lesson, created once and reused, so React keeps its identity (and
// the state of the interactive parts) across re-renders.
const cache = new Map<string, MdxComponent>()

function getLessonComponent(code: string): MdxComponent {
	let component = cache.get(code)
	if (!component) {
		component = getMDXComponent(code) as MdxComponent
		if (cache.size > 50) cache.clear()
		cache.set(code, component)
	}
	return component
}

export function LessonContent({ code }: { code: string }) {
	return createElement(getLessonComponent(code), { components: mdxComponents })
}
