update store_version set version = version + 1
