// Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, ...) are macros over addresses of incomplete structs,
// which Swift cannot import. These getters hand them to Swift under their C names.
#ifndef TOYSTUDY_CMPI_SHIM_H
#define TOYSTUDY_CMPI_SHIM_H
#include <mpi.h>

__attribute__((swift_name("getter:MPI_COMM_WORLD()")))
static inline MPI_Comm toystudy_mpi_comm_world(void) { return MPI_COMM_WORLD; }

__attribute__((swift_name("getter:MPI_DOUBLE()")))
static inline MPI_Datatype toystudy_mpi_double(void) { return MPI_DOUBLE; }

__attribute__((swift_name("getter:MPI_INT64_T()")))
static inline MPI_Datatype toystudy_mpi_int64(void) { return MPI_INT64_T; }

__attribute__((swift_name("getter:MPI_BYTE()")))
static inline MPI_Datatype toystudy_mpi_byte(void) { return MPI_BYTE; }

__attribute__((swift_name("getter:MPI_SUM()")))
static inline MPI_Op toystudy_mpi_sum(void) { return MPI_SUM; }

__attribute__((swift_name("getter:MPI_STATUS_IGNORE()")))
static inline MPI_Status *toystudy_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }

#endif
