/* losses.c — optax's losses (optax/losses/_classification.py and
 * _regression.py), per example as optax returns them: the caller takes the
 * mean. The integer-label cross entropy (optax >= 0.2.4: logsumexp(logits)
 * - logits[label]) picks each label's logit with a
 * one-hot compare against an iota instead of a gather, so it needs no
 * indexing op: sum(where(iota == label, logits, 0)) over the class axis. */
#include "frontend.h"

#define S(x) nb__scalar(fn, (x), file, line)

/* logits must be float (optax asserts it); the function, or NULL after an
 * error. */
static nb_fn *float_logits(nb_value logits, nb_value labels, const char *file, int line,
                           const char *op) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){logits, labels}, 2, file, line, op);
  if (!fn)
    return NULL;
  nb_val *v = nb_fe_get(logits);
  if (!nb_dtype_is_float(v->dt)) {
    char b[128];
    nb_fe_error(fn->m, file, line, op, "logits must be a float array, got %s",
                nb_fe_fmt_type(b, sizeof b, v->dt, v->shape));
    return NULL;
  }
  return fn;
}

static bool rank_at_least_1(nb_fn *fn, nb_value logits, const char *file, int line,
                            const char *op) {
  nb_val *v = nb_fe_get(logits);
  if (v->shape.rank >= 1)
    return true;
  char b[128];
  nb_fe_error(fn->m, file, line, op, "logits need a class axis, got %s",
              nb_fe_fmt_type(b, sizeof b, v->dt, v->shape));
  return false;
}

nb_value nb__softmax_cross_entropy(nb_value logits, nb_value labels, const char *file, int line) {
  const char *op = "nb_softmax_cross_entropy";
  nb_fn *fn = float_logits(logits, labels, file, line, op);
  if (!fn || !rank_at_least_1(fn, logits, file, line, op))
    return (nb_value){0};
  nb_shape sl = nb_fe_get(logits)->shape, sy = nb_fe_get(labels)->shape, s;
  if (!nb_fe_broadcast_shapes(sl, sy, &s) || !nb_fe_shape_eq(s, sl)) {
    char b1[128], b2[128];
    nb_fe_error(fn->m, file, line, op, "labels %s do not broadcast to logits %s",
                nb_fe_fmt_shape(b1, sizeof b1, sy), nb_fe_fmt_shape(b2, sizeof b2, sl));
    return (nb_value){0};
  }
  nb_value logp = nb__log_softmax(logits, NB_AXES(-1), file, line);
  return nb__neg(nb__sum(nb__mul(labels, logp, file, line), NB_AXES(-1), file, line), file,
                 line);
}

nb_value nb__softmax_cross_entropy_with_integer_labels(nb_value logits, nb_value labels,
                                                       const char *file, int line) {
  const char *op = "nb_softmax_cross_entropy_with_integer_labels";
  nb_fn *fn = float_logits(logits, labels, file, line, op);
  if (!fn || !rank_at_least_1(fn, logits, file, line, op))
    return (nb_value){0};
  nb_val l = *nb_fe_get(logits), y = *nb_fe_get(labels);
  char b1[128], b2[128];
  if (!nb_dtype_is_int(y.dt)) {
    nb_fe_error(fn->m, file, line, op, "labels must be an integer array, got %s",
                nb_fe_fmt_type(b1, sizeof b1, y.dt, y.shape));
    return (nb_value){0};
  }
  nb_shape batch = l.shape;
  batch.rank--;
  if (!nb_fe_shape_eq(batch, y.shape)) {
    nb_fe_error(fn->m, file, line, op, "labels %s must have the shape of logits %s without "
                "the class axis", nb_fe_fmt_shape(b1, sizeof b1, y.shape),
                nb_fe_fmt_shape(b2, sizeof b2, l.shape));
    return (nb_value){0};
  }
  nb_value hot = nb__one_hot(labels, l.shape.dims[l.shape.rank - 1], NB_BOOL, file, line);
  nb_value label_logits =
      nb__sum(nb__where(hot, logits, S(0.0), file, line), NB_AXES(-1), file, line);
  nb_value log_norm = nb__logsumexp(logits, NB_AXES(-1), false, file, line);
  return nb__sub(log_norm, label_logits, file, line);
}

nb_value nb__sigmoid_binary_cross_entropy(nb_value logits, nb_value labels, const char *file,
                                          int line) {
  nb_fn *fn = float_logits(logits, labels, file, line, "nb_sigmoid_binary_cross_entropy");
  if (!fn)
    return (nb_value){0};
  nb_value log_p = nb__log_sigmoid(logits, file, line);
  nb_value log_not_p = nb__log_sigmoid(nb__neg(logits, file, line), file, line);
  nb_value a = nb__mul(nb__neg(labels, file, line), log_p, file, line);
  nb_value b = nb__mul(nb__sub(S(1.0), labels, file, line), log_not_p, file, line);
  return nb__sub(a, b, file, line);
}

nb_value nb__squared_error(nb_value pred, nb_value target, const char *file, int line) {
  if (!nb_fe_operands_fn((nb_value[]){pred, target}, 2, file, line, "nb_squared_error"))
    return (nb_value){0};
  return nb__integer_pow(nb__sub(pred, target, file, line), 2, file, line);
}

nb_value nb__l2_loss(nb_value pred, nb_value target, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){pred, target}, 2, file, line, "nb_l2_loss");
  if (!fn)
    return (nb_value){0};
  return nb__mul(S(0.5), nb__squared_error(pred, target, file, line), file, line);
}
