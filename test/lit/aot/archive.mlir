// RUN: rm -rf %t && nablac %s -o %t
// RUN: ar t %t/libarchive.a | FileCheck %s --check-prefix=MEMBERS
// RUN: nm -s %t/libarchive.a | FileCheck %s --check-prefix=INDEX
// RUN: nm %t/archive.o | FileCheck %s --check-prefix=SYMS
// libNAME.a holds NAME.o and an index of exactly the exported wrappers, so
// it links without ranlib; bodies and helpers are local symbols.

// MEMBERS:      archive.o
// MEMBERS-NOT:  {{.}}

// INDEX:        Archive index:
// INDEX-DAG:    archive_double_it in archive.o
// INDEX-DAG:    archive_renamed in archive.o
// INDEX-NOT:    {{^(double_it|negate|helper) in}}

// SYMS-DAG:     T archive_double_it
// SYMS-DAG:     T archive_renamed
// SYMS-DAG:     U nbrt__call_guarded
// SYMS-NOT:     {{ [TD] (double_it|negate|helper)$}}
func.func @double_it(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.add"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @negate(%x: tensor<4xi32>) -> tensor<4xi32> attributes {nabla.c_name = "renamed"} {
  %0 = "nabla.neg"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
