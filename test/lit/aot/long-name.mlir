// RUN: rm -rf %t && nablac %s -o %t --name a_library_with_a_long_name
// RUN: ar t %t/liba_library_with_a_long_name.a | FileCheck %s
// RUN: nm -s %t/liba_library_with_a_long_name.a | FileCheck %s --check-prefix=INDEX
// A member name over 15 characters goes through the "//" name table.
// CHECK: a_library_with_a_long_name.o
// INDEX: a_library_with_a_long_name_f in a_library_with_a_long_name.o
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
