import type { ComponentType } from 'react'
import type { mdxComponents } from './mdx-components'

export type MdxComponent = ComponentType<{ components: typeof mdxComponents }>

/**
 * Lesson components on the server, by their module's address (which carries the version of the
 * code): the lesson route's loader puts the component here (server-lessons.server.ts) and the page
 * renders it in the same request, so the compiled code never has to travel in the page's data.
 */
const components = new Map<string, MdxComponent>()

export function getServerLesson(src: string): MdxComponent | undefined {
	return components.get(src)
}

export function setServerLesson(src: string, component: MdxComponent) {
	components.set(src, component)
}
