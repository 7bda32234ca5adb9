/** A blank Next.js page: the framework's own first-load JavaScript, which every page carries. */
export default function BlankPage() {
  return <h1>Blank</h1>;
}
