package dev.kairos.kafka;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of the slate join's RocksDB stores, all of them together,
 * per process: one block cache of {@value #TOTAL_BYTES} bytes shared by every store,
 * whose memtables are charged to it too (at most {@value #MEMTABLE_BYTES} bytes), with
 * index and filter blocks in the cache. Without it each store of each partition takes its
 * own cache and memtables (Kafka Streams' defaults: about 100 MB each, three stores per
 * partition), past a worker container's limit. This follows Kafka Streams' documented
 * bounded-memory configuration.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

	/** Block cache and memtables of all the join's stores in this process. */
	static final long TOTAL_BYTES = 64L * 1024 * 1024;

	/** The memtables' share of it. */
	static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

	static {
		RocksDB.loadLibrary();
	}

	private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);

	private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(CACHE);
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setWriteBufferManager(WRITE_BUFFERS);
		options.setMaxWriteBufferNumber(2);
		options.setWriteBufferSize(4L * 1024 * 1024);
		options.setTableFormatConfig(table);
	}

	@Override
	public void close(String storeName, Options options) {
		// the cache and the write buffer manager are shared by every store: kept
	}

}
