package org.sparknas.store.parquet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Spark {@link Row}s of the tables' simple schemas (int, bigint, double, string, timestamp,
 * arrays of those) as standard Parquet: strings as UTF-8, timestamps as TIMESTAMP(MICROS, UTC),
 * arrays as three-level LISTs, so that Spark, DuckDB and pyarrow read the files alike. The Spark
 * schema is also stored in the footer, as Spark itself does, so Spark reads back the exact types.
 */
final class RowWriteSupport extends WriteSupport<Row> {

    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private final StructType schema;
    private final MessageType parquetSchema;
    private RecordConsumer out;

    RowWriteSupport(StructType schema) {
        this.schema = schema;
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (StructField f : schema.fields()) {
            message.addField(parquetType(f.name(), f.dataType(), f.nullable()));
        }
        this.parquetSchema = message.named("spark_schema");
    }

    private static Type parquetType(String name, DataType type, boolean nullable) {
        Repetition repetition = nullable ? Repetition.OPTIONAL : Repetition.REQUIRED;
        if (type.equals(DataTypes.IntegerType)) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
        }
        if (type.equals(DataTypes.LongType)) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
        }
        if (type.equals(DataTypes.DoubleType)) {
            return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
        }
        if (type.equals(DataTypes.StringType)) {
            return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        if (type.equals(DataTypes.TimestampType)) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        }
        if (type instanceof ArrayType array) {
            Type element = parquetType("element", array.elementType(), array.containsNull());
            return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(element).named("list"))
                    .named(name);
        }
        throw new IllegalArgumentException("column '" + name + "' has type " + type + ", which the tables do not use");
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(parquetSchema, Map.of(SPARK_SCHEMA_KEY, schema.json()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
        out.startMessage();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (row.isNullAt(i)) {
                if (!fields[i].nullable()) {
                    throw new IllegalArgumentException("column '" + fields[i].name() + "' is null but not nullable");
                }
                continue;
            }
            out.startField(fields[i].name(), i);
            value(fields[i].dataType(), row.get(i));
            out.endField(fields[i].name(), i);
        }
        out.endMessage();
    }

    private void value(DataType type, Object v) {
        if (type.equals(DataTypes.IntegerType)) {
            out.addInteger(((Number) v).intValue());
        } else if (type.equals(DataTypes.LongType)) {
            out.addLong(((Number) v).longValue());
        } else if (type.equals(DataTypes.DoubleType)) {
            out.addDouble(((Number) v).doubleValue());
        } else if (type.equals(DataTypes.StringType)) {
            out.addBinary(Binary.fromString((String) v));
        } else if (type.equals(DataTypes.TimestampType)) {
            Instant t = v instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) v;
            out.addLong(ChronoUnit.MICROS.between(Instant.EPOCH, t));
        } else if (type instanceof ArrayType array) {
            List<?> items = v instanceof List<?> list ? list : java.util.Arrays.asList((Object[]) v);
            out.startGroup();
            if (!items.isEmpty()) {
                out.startField("list", 0);
                for (Object item : items) {
                    out.startGroup();
                    if (item != null) {
                        out.startField("element", 0);
                        value(array.elementType(), item);
                        out.endField("element", 0);
                    }
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        } else {
            throw new IllegalArgumentException("type " + type + " is not written by the tables");
        }
    }
}
