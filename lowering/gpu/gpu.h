/* gpu.h — GPU code generation: the room for a target that lowers linalg
 * through the gpu dialect (tiling to blocks and threads, outlined kernels,
 * NVVM, an embedded fatbin) and its host-side runtime calls.
 *
 * Empty today: no GPU target exists yet. Adding one means a target.c here
 * that fills an nb_target_info (lowering/target/target.h) and one line in
 * lowering/target/target.c; the front half of the pipeline (verify,
 * transforms, nabla -> linalg) is shared and nothing under lowering/cpu
 * changes.
 *
 * Files: gpu.h (this map).
 */
#ifndef NABLA_GPU_H
#define NABLA_GPU_H
#endif
