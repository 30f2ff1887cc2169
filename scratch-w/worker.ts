const x: number = 1;
export default async function (task: { n: number }) { return { doubled: task.n * 2 + x }; }
