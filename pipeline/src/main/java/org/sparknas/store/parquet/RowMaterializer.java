package org.sparknas.store.parquet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.ListLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads the tables' Parquet records back as Spark {@link Row}s of the file's own schema, the
 * reverse of {@link RowWriteSupport}: int, bigint, double, UTF-8 string, timestamp (as an
 * {@link Instant}), and three-level LISTs of those (as Scala sequences, so {@link Row#getList}
 * works as on a row Spark read). Anything else is not a column the tables have, and is refused
 * with the column's name rather than read as something it is not.
 */
final class RowMaterializer extends RecordMaterializer<Row> {

    private final RowConverter root;

    RowMaterializer(MessageType fileSchema) {
        this.root = new RowConverter(fileSchema, sparkSchema(fileSchema));
    }

    /** The Spark schema of a file of the tables, from its Parquet schema; an optional column is nullable. */
    static StructType sparkSchema(MessageType fileSchema) {
        List<StructField> fields = new ArrayList<>();
        for (Type t : fileSchema.getFields()) {
            if (t.isRepetition(Repetition.REPEATED)) {
                throw unsupported(t);
            }
            fields.add(DataTypes.createStructField(t.getName(), dataType(t), t.isRepetition(Repetition.OPTIONAL)));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType dataType(Type t) {
        if (!t.isPrimitive()) {
            Type element = listElement(t.asGroupType());
            return DataTypes.createArrayType(dataType(element), !element.isRepetition(Repetition.REQUIRED));
        }
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        switch (p.getPrimitiveTypeName()) {
            case INT32:
                if (logical == null || (logical instanceof IntLogicalTypeAnnotation i && i.isSigned() && i.getBitWidth() == 32)) {
                    return DataTypes.IntegerType;
                }
                break;
            case INT64:
                if (logical == null || (logical instanceof IntLogicalTypeAnnotation i && i.isSigned() && i.getBitWidth() == 64)) {
                    return DataTypes.LongType;
                }
                if (logical instanceof TimestampLogicalTypeAnnotation ts && ts.isAdjustedToUTC()) {
                    return DataTypes.TimestampType;
                }
                break;
            case DOUBLE:
                return DataTypes.DoubleType;
            case BINARY:
                if (logical instanceof StringLogicalTypeAnnotation) {
                    return DataTypes.StringType;
                }
                break;
            default:
                break;
        }
        throw unsupported(t);
    }

    /** The element of a standard three-level LIST ({@code group (LIST) { repeated group list { element } }}). */
    private static Type listElement(GroupType list) {
        if (list.getLogicalTypeAnnotation() instanceof ListLogicalTypeAnnotation && list.getFieldCount() == 1) {
            Type repeated = list.getType(0);
            if (repeated.isRepetition(Repetition.REPEATED) && !repeated.isPrimitive()
                    && repeated.asGroupType().getFieldCount() == 1) {
                return repeated.asGroupType().getType(0);
            }
        }
        throw unsupported(list);
    }

    private static IllegalStateException unsupported(Type t) {
        return new IllegalStateException("column '" + t.getName() + "' has the Parquet type '" + t
                + "', which sparknas's tables do not use; was the file written by sparknas?");
    }

    @Override
    public Row getCurrentRecord() {
        return root.row;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** One record: a value per column, null where the record has none. */
    private static final class RowConverter extends GroupConverter {
        private final StructType schema;
        private final Converter[] columns;
        private Object[] values;
        private Row row;

        RowConverter(GroupType parquet, StructType schema) {
            this.schema = schema;
            this.columns = new Converter[schema.size()];
            for (int i = 0; i < columns.length; i++) {
                int column = i;
                columns[i] = converter(parquet.getType(i), schema.fields()[i].dataType(), v -> values[column] = v);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return columns[fieldIndex];
        }

        @Override
        public void start() {
            values = new Object[columns.length];
        }

        @Override
        public void end() {
            row = new GenericRowWithSchema(values, schema);
        }
    }

    private static Converter converter(Type parquet, DataType type, Consumer<Object> sink) {
        if (type instanceof ArrayType array) {
            return new ListConverter(listElement(parquet.asGroupType()), array.elementType(), sink);
        }
        if (type.equals(DataTypes.TimestampType)) {
            ChronoUnit unit = switch (((TimestampLogicalTypeAnnotation) parquet.getLogicalTypeAnnotation()).getUnit()) {
                case MILLIS -> ChronoUnit.MILLIS;
                case MICROS -> ChronoUnit.MICROS;
                case NANOS -> ChronoUnit.NANOS;
            };
            return new PrimitiveConverter() {
                @Override
                public void addLong(long value) {
                    sink.accept(Instant.EPOCH.plus(value, unit));
                }
            };
        }
        return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
                sink.accept(value);
            }

            @Override
            public void addLong(long value) {
                sink.accept(value);
            }

            @Override
            public void addDouble(double value) {
                sink.accept(value);
            }

            @Override
            public void addBinary(Binary value) {
                sink.accept(value.toStringUsingUTF8());
            }
        };
    }

    /** A LIST column: the outer group is the list, each repeated inner group one element (absent for a null one). */
    private static final class ListConverter extends GroupConverter {
        private final Consumer<Object> sink;
        private final GroupConverter item;
        private List<Object> items;
        private Object element;

        ListConverter(Type elementParquet, DataType elementType, Consumer<Object> sink) {
            this.sink = sink;
            Converter value = converter(elementParquet, elementType, v -> element = v);
            this.item = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return value;
                }

                @Override
                public void start() {
                    element = null;
                }

                @Override
                public void end() {
                    items.add(element);
                }
            };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return item;
        }

        @Override
        public void start() {
            items = new ArrayList<>();
        }

        @Override
        public void end() {
            sink.accept(CollectionConverters.asScala(items).toSeq());
        }
    }
}
