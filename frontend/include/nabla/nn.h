/* nabla/nn.h — jax.nn (logsumexp, softmax, one_hot, activations) and optax's
 * losses, built in the DSL from nabla's ops: part of the DSL, split out of
 * nabla.h (which includes it at its end).
 *
 * Each follows JAX's definition op for op (jax/_src/nn/functions.py,
 * jax/_src/ops/special.py; optax/losses for the losses), so values and
 * gradients (nb_grad, nb_vjp, nb_jvp) agree with jax.grad, including the
 * side JAX picks at kinks: relu'(0) = 0, relu6' is 0 at 0 and 6,
 * leaky_relu takes the x branch at 0, softplus'(0) = 1/2. Errors name the
 * caller's file:line and the helper (nabla.h). Axes count from the end when
 * negative; NB_AXES() means every axis. */
#ifndef NABLA_NN_H
#define NABLA_NN_H

#include "nabla/nabla.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- normalizers -------------------------------------------------------------
 *
 * jax.nn.logsumexp / jax.scipy.special.logsumexp: log(sum(exp(x - m))) + m
 * with m the max made 0 where it is not finite (a row of -inf gives -inf,
 * not NaN) and without derivative, so the gradient is softmax(x). Ints and
 * bools promote to float. */
#define nb_logsumexp(x, axes) nb__logsumexp((x), (axes), false, __FILE__, __LINE__)
#define nb_logsumexp_keepdims(x, axes) nb__logsumexp((x), (axes), true, __FILE__, __LINE__)
nb_value nb__logsumexp(nb_value x, nb_ints axes, bool keepdims, const char *file, int line);
/* jax.nn.softmax(x, axis) and jax.nn.log_softmax(x, axis); jax's default
 * axis is -1: NB_AXES(-1). */
#define nb_softmax(x, axes) nb__softmax((x), (axes), __FILE__, __LINE__)
nb_value nb__softmax(nb_value x, nb_ints axes, const char *file, int line);
#define nb_log_softmax(x, axes) nb__log_softmax((x), (axes), __FILE__, __LINE__)
nb_value nb__log_softmax(nb_value x, nb_ints axes, const char *file, int line);
/* jax.nn.one_hot(labels, num_classes, dtype=dtype): labels (an integer
 * array) gain a last axis of num_classes; a label outside [0, num_classes)
 * gives a row of zeros. Float labels are an error (JAX deprecates them). */
#define nb_one_hot(labels, num_classes, dtype)                                  \
  nb__one_hot((labels), (num_classes), (dtype), __FILE__, __LINE__)
nb_value nb__one_hot(nb_value labels, int64_t num_classes, nb_dtype dtype, const char *file,
                     int line);

/* ---- activations (jax.nn; nb_sigmoid is in nabla.h) -------------------------
 *
 * Integers keep their dtype where jax.nn's does (relu, relu6, leaky_relu
 * with an integer slope is not offered: the slope is a weak float) and
 * promote to float where it does (gelu, softplus, silu, elu, ...). */
#define nb_relu(x) nb__relu((x), __FILE__, __LINE__)
nb_value nb__relu(nb_value x, const char *file, int line);
#define nb_relu6(x) nb__relu6((x), __FILE__, __LINE__)
nb_value nb__relu6(nb_value x, const char *file, int line);
/* approximate: the tanh form (jax's default); else 0.5 x erfc(-x/sqrt2),
 * as jax (nb_erfc: accurate in the far negative tail too). */
#define nb_gelu(x, approximate) nb__gelu((x), (approximate), __FILE__, __LINE__)
nb_value nb__gelu(nb_value x, bool approximate, const char *file, int line);
/* silu = swish = x * sigmoid(x). */
#define nb_silu(x) nb__silu((x), __FILE__, __LINE__)
#define nb_swish(x) nb__silu((x), __FILE__, __LINE__)
nb_value nb__silu(nb_value x, const char *file, int line);
/* softplus = logaddexp(x, 0); log_sigmoid = -softplus(-x). */
#define nb_softplus(x) nb__softplus((x), __FILE__, __LINE__)
nb_value nb__softplus(nb_value x, const char *file, int line);
#define nb_log_sigmoid(x) nb__log_sigmoid((x), __FILE__, __LINE__)
nb_value nb__log_sigmoid(nb_value x, const char *file, int line);
/* elu(x, alpha), leaky_relu(x, negative_slope), celu(x, alpha); selu
 * with jax's constants. */
#define nb_elu(x, alpha) nb__elu((x), (alpha), __FILE__, __LINE__)
nb_value nb__elu(nb_value x, double alpha, const char *file, int line);
#define nb_leaky_relu(x, negative_slope) nb__leaky_relu((x), (negative_slope), __FILE__, __LINE__)
nb_value nb__leaky_relu(nb_value x, double negative_slope, const char *file, int line);
#define nb_selu(x) nb__selu((x), __FILE__, __LINE__)
nb_value nb__selu(nb_value x, const char *file, int line);
#define nb_celu(x, alpha) nb__celu((x), (alpha), __FILE__, __LINE__)
nb_value nb__celu(nb_value x, double alpha, const char *file, int line);

/* ---- losses (optax), per example: the caller takes the mean -----------------
 *
 * softmax_cross_entropy(logits, labels): -sum(labels * log_softmax(logits),
 * axis=-1) for one-hot or probability labels of logits' shape.
 * _with_integer_labels(logits, labels): labels an integer array of logits'
 * shape without the last axis; logsumexp(logits) - logits[label] (optax >=
 * 0.2.4), the label's logit picked by a one-hot compare (a label outside
 * [0, classes) picks nothing: the loss is the log-normalizer).
 * Logits must be float (optax asserts it). */
#define nb_softmax_cross_entropy(logits, labels)                                 \
  nb__softmax_cross_entropy((logits), (labels), __FILE__, __LINE__)
nb_value nb__softmax_cross_entropy(nb_value logits, nb_value labels, const char *file, int line);
#define nb_softmax_cross_entropy_with_integer_labels(logits, labels)             \
  nb__softmax_cross_entropy_with_integer_labels((logits), (labels), __FILE__, __LINE__)
nb_value nb__softmax_cross_entropy_with_integer_labels(nb_value logits, nb_value labels,
                                                       const char *file, int line);
/* sigmoid_binary_cross_entropy(logits, labels): -labels * log_sigmoid(logits)
 * - (1 - labels) * log_sigmoid(-logits), elementwise. */
#define nb_sigmoid_binary_cross_entropy(logits, labels)                          \
  nb__sigmoid_binary_cross_entropy((logits), (labels), __FILE__, __LINE__)
nb_value nb__sigmoid_binary_cross_entropy(nb_value logits, nb_value labels, const char *file,
                                          int line);
/* squared_error(pred, target) = (pred - target)^2; l2_loss = 0.5 * that. */
#define nb_squared_error(pred, target) nb__squared_error((pred), (target), __FILE__, __LINE__)
nb_value nb__squared_error(nb_value pred, nb_value target, const char *file, int line);
#define nb_l2_loss(pred, target) nb__l2_loss((pred), (target), __FILE__, __LINE__)
nb_value nb__l2_loss(nb_value pred, nb_value target, const char *file, int line);

#ifdef __cplusplus
}
#endif
#endif
