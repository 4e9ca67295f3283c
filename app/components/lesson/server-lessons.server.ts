import { getMDXComponent } from 'mdx-bundler/client'
import { getServerLesson, setServerLesson, type MdxComponent } from './server-lessons'

/**
 * Makes the lesson at `src` renderable on the server: mdx-bundler evaluates its compiled code once
 * per version (no Content-Security-Policy applies on the server; browsers import the module).
 */
export function prepareServerLesson(src: string, code: () => string) {
	if (!getServerLesson(src)) setServerLesson(src, getMDXComponent(code()) as MdxComponent)
}
