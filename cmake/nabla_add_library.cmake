# STUB
function(nabla_add_library)
endfunction()
