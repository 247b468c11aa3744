# bench/export: the loopback OTLP/HTTP sink rn-export's benchmark sends to.
$(BUILD)/bench/rn_otlp_sink: bench/export/rn_otlp_sink.c $(BUILD)/obj/gen/rn_otlp.pb-c.o $(BUILD)/gen/rn_otlp.pb-c.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/obj/gen/rn_otlp.pb-c.o $(PROTOBUF_C_LIBS) $(call pc_libs,zlib,-lz)

ALL_TARGETS += $(BUILD)/bench/rn_otlp_sink
